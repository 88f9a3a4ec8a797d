"""``supplygraph orgs``: how organisations were recognised and merged."""

from __future__ import annotations

import click


@click.group("orgs")
def orgs() -> None:
    """Organisations: the names and identifiers merged into each."""


@orgs.command("explain")
@click.argument("name")
def explain(name: str) -> None:
    """Show which names, aliases and identifiers were merged into NAME, and why.

    NAME may be an id, a name, an alias or an identifier such as GB-COH-00943935.
    """
    from supplygraph.graph.db import connect
    from supplygraph.graph.org_corrections import history
    from supplygraph.graph.org_corrections import render as render_corrections
    from supplygraph.graph.org_explain import explain as explain_org
    from supplygraph.graph.org_explain import render

    with connect(autostart=True) as graph:
        explanation = explain_org(graph, name)
        click.echo(render(explanation))
        for line in render_corrections(history(graph, explanation.id)):
            click.echo(line)


@orgs.command("merge")
@click.argument("survivor")
@click.argument("absorbed")
@click.option("--note", default="", help="Why: kept with the correction and shown by `orgs explain`.")
@click.option("--by", default=None, help="Who made the correction (default: the login name).")
def merge(survivor: str, absorbed: str, note: str, by: str | None) -> None:
    """Fold organisation ABSORBED into SURVIVOR; later loads keep them merged.

    SURVIVOR's id stays; ABSORBED's contracts, names, identifiers and aliases move to it.
    """
    from supplygraph.graph.db import connect
    from supplygraph.graph.org_corrections import merge as merge_orgs
    from supplygraph.graph.org_corrections import render as render_corrections

    with connect(autostart=True) as graph:
        done = merge_orgs(graph, survivor, absorbed, note=note, by=by)
        click.echo(render_corrections([done])[1].strip())


@orgs.command("split")
@click.argument("organisation")
@click.argument("name")
@click.option("--id", "new_id", default=None, help="Id of the new organisation (default: NAME as a slug).")
@click.option("--note", default="", help="Why: kept with the correction and shown by `orgs explain`.")
@click.option("--by", default=None, help="Who made the correction (default: the login name).")
def split(organisation: str, name: str, new_id: str | None, note: str, by: str | None) -> None:
    """Take NAME (an alias of ORGANISATION, or a spelling its contracts used) out into its own organisation.

    Contracts whose source rows named it move with it; later loads keep it split.
    """
    from supplygraph.graph.db import connect
    from supplygraph.graph.org_corrections import render as render_corrections
    from supplygraph.graph.org_corrections import split as split_org

    with connect(autostart=True) as graph:
        done = split_org(graph, organisation, name, note=note, by=by, new_id=new_id)
        click.echo(render_corrections([done])[1].strip())
