"""``supplygraph settings``: the environment variables in effect, or the README's tables of them."""

from __future__ import annotations

import click
from pydantic import SecretStr
from pydantic.fields import FieldInfo

from supplygraph.graph.config import GROUPS, Settings, settings
from supplygraph.graph.settings_doc import settings_table, shown_default


@click.command("settings")
@click.option("--markdown", is_flag=True, help="Print the README's tables of variables instead.")
def settings_command(markdown: bool) -> None:
    """Show every setting (an environment variable), its value in effect and where it comes from.

    Secrets (NEO4J_PASSWORD, SUPPLYGRAPH_API_KEY) are masked.
    """
    if markdown:
        click.echo("\n\n".join(f"{about}:\n\n{settings_table(group)}" for group, about in GROUPS.items()))
        return
    cfg = settings()
    rows = [
        (str(info.validation_alias), _shown(getattr(cfg, name), info), _source(name, cfg))
        for name, info in Settings.model_fields.items()
    ]
    width = max(len(variable) for variable, _, _ in rows)
    for variable, shown, source in rows:
        click.echo(f"{variable.ljust(width)}  {shown}  ({source})")


def _shown(value: object, info: FieldInfo) -> str:
    if value is None:
        return shown_default(info).replace("`", "")
    if isinstance(value, SecretStr):
        return "********"
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def _source(name: str, cfg: Settings) -> str:
    return "environment" if name in cfg.model_fields_set else "default"
