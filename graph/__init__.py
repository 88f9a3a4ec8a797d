"""The graph: model, storage and the questions asked of it.

The model (Neo4j 5)::

    (:Organisation:Buyer)-[:AWARDED]->(:Contract)-[:AWARDED_TO]->(:Organisation:Supplier)
                                          |--[:COVERS]------->(:ServiceTower)
                                          |--[:SOURCED_FROM]->(:Source)
    (:Alias {key})-[:ALIAS_OF]->(:Organisation | :ServiceTower)

Time validity lives on ``Contract``: ``start`` and ``end`` are Neo4j ``date``
values, the first day of the start's period and the last day of the end's
period (``start_precision``/``end_precision`` say whether the source gave a
day, month, year or decade, ``start_text``/``end_text`` what it said). The
interval is inclusive; no ``end`` means ongoing. ``holds`` is true when the
contract makes its suppliers holders (status active or complete, with a
supplier); planned and open processes hold nothing. The reserved supplier
``in-house`` (name "In-house") is the buyer running a tower itself.
"""
