"""supplygraph: a supplier relationship knowledge graph for IT outsourcing and public procurement.

The code lives in the repository's top-level folders, installed as subpackages:
``supplygraph.graph`` (model, Neo4j, questions), ``supplygraph.loaders`` (files in),
``supplygraph.api`` (HTTP), ``supplygraph.cli`` (command line); the saved
queries and the sample data ship as package data (``queries/``, ``sample/``).
"""

__version__ = "0.1.0"
