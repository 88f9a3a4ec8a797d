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
    from graph.db import connect
    from graph.org_explain import explain as explain_org
    from graph.org_explain import render

    with connect(autostart=True, echo=lambda m: click.echo(m, err=True)) as graph:
        click.echo(render(explain_org(graph, name)))
