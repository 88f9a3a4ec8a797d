// @name successors
// @description The contracts and open processes that most likely replace a contract: the stored SUCCEEDS pairs, best first, each with its score and evidence.
// @param contract string example=met-bt-networks -- the earlier contract's id (OCDS contracts: <ocid>/<award or contract id>)
// @column contract_id -- the contract or open process that most likely replaces it
// @column title -- its title
// @column status -- active, complete, planned or open (a planned or open process is a re-procurement under way)
// @column buyer_id -- its buyer (the same buyer, or what it became)
// @column supplier_ids -- its holder(s): who won it; empty for a process not yet awarded
// @column supplier_names -- their names
// @column start -- its start (first day of the start period); null for a process not yet awarded
// @column published -- when it was first published (its earliest source)
// @column score -- the pair's score, 0 to 1 (docs/incumbents.md); only pairs at or above the threshold are stored
// @column evidence -- one line per feature: text and title similarity, codes, towers, timing, wording, supplier, value
// The pairs are derived by graph/incumbents.py (refreshed on load); the API's
// ?all=true also lists the candidates below the threshold. Ranked by score,
// then contract id.
MATCH (o:Contract)-[r:SUCCEEDS]->(:Contract {id: $contract})
OPTIONAL MATCH (b:Buyer)-[:AWARDED]->(o)
RETURN o.id AS contract_id, o.title AS title, o.status AS status, b.id AS buyer_id,
       [(o)-[:AWARDED_TO]->(s:Organisation) | s.id] AS supplier_ids,
       [(o)-[:AWARDED_TO]->(s:Organisation) | s.name] AS supplier_names,
       toString(o.start) AS start,
       toString(head(COLLECT { MATCH (o)-[:SOURCED_FROM]->(s:Source) WHERE s.published IS NOT NULL
                               RETURN s.published ORDER BY s.published })) AS published,
       r.score AS score, r.evidence AS evidence
ORDER BY score DESC, contract_id
