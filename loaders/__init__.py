"""Loaders: files in, graph out (see :mod:`supplygraph.loaders.load` for how a load runs).

The rooms: :mod:`~supplygraph.loaders.detect` (what each file is),
:mod:`~supplygraph.loaders.plan` (the check pass),
:mod:`~supplygraph.loaders.write` (the write pass),
:mod:`~supplygraph.loaders.load` (the passes in order); the readers
:mod:`~supplygraph.loaders.deal_csv`, :mod:`~supplygraph.loaders.lineage`,
:mod:`~supplygraph.loaders.contracts_finder` and OCDS
(:mod:`~supplygraph.loaders.ocds_read`, :mod:`~supplygraph.loaders.ocds_compile`,
:mod:`~supplygraph.loaders.ocds_map`).
"""

from supplygraph.loaders.detect import FORMATS, expand
from supplygraph.loaders.load import LoadReport, load_paths

__all__ = ["FORMATS", "LoadReport", "load_paths", "expand"]
