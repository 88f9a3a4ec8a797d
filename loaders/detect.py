"""What kind of file each input is (deal-history CSV, lineage, Contracts Finder export, OCDS), and its reader.

:func:`expand` turns the paths given to a load into the files to read with
their kind, in the order they load: organisations first so contracts can use
their aliases, OCDS and Contracts Finder exports next, lineage last.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from supplygraph.graph.errors import InputError
from supplygraph.loaders.contracts_finder import FORMAT as CONTRACTS_FINDER
from supplygraph.loaders.contracts_finder import is_contracts_finder
from supplygraph.loaders.contracts_finder import read_units as read_contracts_finder_units
from supplygraph.loaders.deal_csv import detect_kind
from supplygraph.loaders.lineage import is_lineage
from supplygraph.loaders.ocds_read import FORMATS as OCDS_FORMATS
from supplygraph.loaders.ocds_read import Unit, is_ocds_path, read_ocds_units
from supplygraph.loaders.rejects import RejectsFile

FORMATS = (*OCDS_FORMATS[:2], CONTRACTS_FINDER, *OCDS_FORMATS[2:])
"""What ``--format`` accepts: ``auto`` (by header and suffix), ``csv``, ``contracts-finder`` or an OCDS shape."""


def expand(paths: Sequence[Path], fmt: str | None = None, rejects: RejectsFile | None = None) -> list[tuple[str, Path]]:
    """Files to load with their kind: organisations first so contracts can use their aliases, OCDS last.

    A folder is read with its subfolders; hidden files and folders (``.name``) and the rejects file
    itself are left out.

    With ``rejects``, a file whose kind cannot be told (empty, not UTF-8, no
    known header) is rejected whole instead of stopping the load.
    """
    fmt = fmt or "auto"
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r} (use one of {', '.join(FORMATS)})")
    found: list[tuple[str, Path]] = []
    for path in paths:
        if not path.exists():
            raise InputError("no such file or directory", file=str(path))
        if path.is_dir():
            own = rejects.path.resolve() if rejects is not None else None
            files = sorted(
                p
                for p in _walk(path)
                if p.resolve() != own
                and (
                    (fmt in ("auto", "csv", CONTRACTS_FINDER) and p.suffix.lower() == ".csv")
                    or (fmt not in ("csv", CONTRACTS_FINDER) and is_ocds_path(p))
                )
            )
            if not files:
                wanted = {"auto": ".csv or OCDS .json/.jsonl(.gz)", "csv": ".csv", CONTRACTS_FINDER: ".csv"}.get(
                    fmt, "OCDS .json/.jsonl(.gz)"
                )
                raise InputError(f"the directory has no {wanted} files", file=str(path))
            found.extend(kp for kp in (_kind_or_reject(p, fmt, rejects) for p in files) if kp)
        else:
            kind_path = _kind_or_reject(path, fmt, rejects)
            if kind_path:
                found.append(kind_path)
    order = {"organisations": 0, "contracts": 1, "ocds": 2, CONTRACTS_FINDER: 2, "lineage": 3}
    return sorted(found, key=lambda kp: order[kp[0]])


def read_units(path: Path, fmt: str) -> Iterator[Unit]:
    """The releases of an OCDS file, or the notices of a Contracts Finder export."""
    if fmt == CONTRACTS_FINDER:
        return read_contracts_finder_units(path)
    return read_ocds_units(path, fmt)


def _kind_of(path: Path, fmt: str) -> str:
    """``organisations``, ``contracts``, ``lineage`` or ``contracts-finder`` (CSV, by header) or ``ocds``
    (by suffix, or forced)."""
    if fmt in ("auto", "csv") and is_lineage(path):
        return "lineage"
    if fmt == CONTRACTS_FINDER or (fmt in ("auto", "csv") and not is_ocds_path(path) and is_contracts_finder(path)):
        return CONTRACTS_FINDER
    if fmt == "csv":
        return detect_kind(path)
    if fmt != "auto" or is_ocds_path(path):
        return "ocds"
    return detect_kind(path)


def _walk(folder: Path) -> list[Path]:
    """The files in a folder and its subfolders (a download by year, by publisher), hidden ones left out."""
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        found += [Path(dirpath) / f for f in filenames if not f.startswith(".")]
    return [p for p in found if p.is_file()]


def _kind_or_reject(path: Path, fmt: str, rejects: RejectsFile | None) -> tuple[str, Path] | None:
    try:
        return _kind_of(path, fmt), path
    except InputError as exc:
        if rejects is None:
            raise
        rejects.reject_file(path, exc)
        return None


__all__ = ["FORMATS", "expand", "read_units"]
