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


@orgs.command("candidates")
@click.option("--min-score", type=click.FloatRange(0, 100), default=70.0, show_default=True, help="Lowest score shown.")
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True, help="Most pairs shown.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
def candidates(min_score: float, limit: int, fmt: str) -> None:
    """Likely duplicate organisations, best first, with the evidence; confirm one with `orgs merge`.

    The score (0-100) adds name similarity (up to 80), a shared identifier (+40), a name both answer to
    (+20), a shared postcode (+15) and a shared buyer (+5); two different Companies House or charity
    numbers take 40 off. docs/entity-resolution.md explains it.
    """
    from supplygraph.cli.output import render
    from supplygraph.graph.candidates import candidates as find
    from supplygraph.graph.db import connect

    with connect(autostart=True) as graph:
        found = find(graph, min_score=min_score, limit=limit)
    rows = [c.row() for c in found]
    if fmt == "table":
        rows = [_table_row(r) for r in rows]
        click.echo(render(("score", "survivor", "absorbed", "evidence"), rows, fmt))
        if found:
            click.echo(f"\nmerge one with: {found[0].row()['merge']}", err=True)
        return
    columns = tuple(rows[0]) if rows else ("score", "survivor_id", "absorbed_id")
    click.echo(render(columns, rows, fmt))


def _table_row(row: dict[str, object]) -> dict[str, object]:
    evidence = [f"name {row['name_similarity']}"]
    for key, label in (
        ("shared_identifiers", "identifier"),
        ("shared_keys", "same key"),
        ("shared_postcodes", "postcode"),
        ("conflicting_identifiers", "DIFFERENT numbers"),
    ):
        values = row[key]
        if values:
            evidence.append(f"{label} {', '.join(values)}")  # type: ignore[arg-type]
    if row["shared_buyers"]:
        evidence.append(f"{len(row['shared_buyers'])} shared buyer(s)")  # type: ignore[arg-type]
    if row["shared_contracts"]:
        evidence.append(f"{row['shared_contracts']} shared contract(s)")
    return {
        "score": row["score"],
        "survivor": f"{row['survivor_name']} ({row['survivor_id']})",
        "absorbed": f"{row['absorbed_name']} ({row['absorbed_id']})",
        "evidence": "; ".join(evidence),
    }
