"""``supplygraph generate``: synthetic deal history for benchmarks and load tests."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("generate")
@click.option(
    "--contracts", "-n", "contracts", type=click.IntRange(min=1), required=True, help="How many contracts to write."
)
@click.option(
    "--seed", "-s", type=int, default=1, show_default=True, help="The same seed always writes the same bytes."
)
@click.option(
    "--out",
    "-o",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder for contracts.csv, organisations.csv and lineage.csv (created if missing).",
)
@click.option(
    "--notices",
    is_flag=True,
    help="Published notices instead of a curated deal history: services bought again and again under other words,"
    " renewals, extensions, parallel lots, open processes, renamed buyers; with the true succession in succession.tsv.",
)
def generate(contracts: int, seed: int, out_dir: Path, notices: bool) -> None:
    """Write a synthetic deal history of N contracts (many buyers, a long tail of suppliers,
    30 years of renewals, overlaps, gaps, returns, in-house spells, renames, mergers and acquisitions), loadable with
    `supplygraph load DIR`.
    """
    from supplygraph.loaders.synthetic import generate as write
    from supplygraph.loaders.synthetic_notices import generate_notices

    contracts_path, orgs_path = (generate_notices if notices else write)(contracts, seed, out_dir)
    click.echo(
        f"wrote {contracts} contracts to {contracts_path}, the organisations to {orgs_path}"
        f" and their lineage to {out_dir / 'lineage.csv'}"
        + (f"; the true succession to {out_dir / 'succession.tsv'}" if notices else "")
    )
