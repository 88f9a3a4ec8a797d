"""The analyst notebooks run headless (nbclient, a real kernel) against the test Neo4j with the sample.

The kernel inherits this process's environment, so the notebooks' ``connect()``
reaches the test database exactly as the CLI does.
"""

import nbformat
import pytest
from nbclient import NotebookClient

from tests.helpers import ROOT

NOTEBOOKS = ROOT / "notebooks"


def run(name: str) -> tuple[str, list[str]]:
    """Execute a notebook; return its printed text and the kinds of rich output it displayed."""
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    text, shown = [], []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error", f"{name}: {out.get('ename')}: {out.get('evalue')}"
            if out.get("name") == "stdout":
                text.append(out["text"])
            shown += [kind for kind in out.get("data", {}) if kind != "text/plain"]
    return "".join(text), shown


@pytest.mark.usefixtures("sample_graph")
def test_met_story_notebook():
    text, shown = run("met-story.ipynb")
    assert "Networks               BT (2015–2021)" in text
    assert "Hosting                DXC Technology 2015–2021 → Capgemini 2021–2026" in text
    assert "Application Services   Accenture 2015–now" in text
    assert "2012-07-01: 2 nodes, 1 edges; holders: Capgemini" in text
    assert "2019-07-01: 10 nodes, 9 edges; holders: Accenture, Atos, BT, DXC Technology" in text
    # 2023: Capgemini's contract and the three it replaced, whose suppliers come in by a succession edge each
    assert "2023-07-01: 11 nodes, 10 edges; holders: Accenture, Capgemini" in text
    assert shown == ["image/svg+xml"]


@pytest.mark.usefixtures("sample_graph")
def test_market_view_notebook():
    text, shown = run("market-view.ipynb")
    assert "4 suppliers, 3 switching pairs, 4 switches" in text
    assert "DXC Technology → Capgemini: 2" in text
    assert "Serco → In-house" not in text  # no tower named: no tenure, no switch (issue #13)
    lines = text.splitlines()
    first = lines.index("supplier          won lost  pagerank  betweenness") + 1
    assert lines[first].split() == ["Capgemini", "4", "0", "0.542", "0.000"]
    assert "Metropolitan Police Service 2020: 40% (DXC Technology, 2 of 5 towers)" in text
    assert "Metropolitan Police Service 2021: 80% (Capgemini, 4 of 5 towers)" in text
    assert shown == ["image/svg+xml", "image/svg+xml"]
