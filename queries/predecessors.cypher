// @name predecessors
// @description The contracts a contract or open process most likely replaces: the stored SUCCEEDS pairs, best first, each with its score and evidence.
// @param contract string example=met-capgemini-infrastructure -- the later contract's id (OCDS contracts: <ocid>/<award or contract id>)
// @column contract_id -- the contract it most likely replaces
// @column title -- that contract's title
// @column buyer_id -- its buyer (the same buyer, or one that became it)
// @column supplier_ids -- its holder(s): the incumbents
// @column supplier_names -- their names
// @column start -- its start (first day of the start period)
// @column end -- its end (last day, inclusive); null while ongoing
// @column score -- the pair's score, 0 to 1 (docs/incumbents.md); only pairs at or above the threshold are stored
// @column evidence -- one line per feature: text and title similarity, codes, towers, timing, wording, supplier, value
// The pairs are derived by graph/incumbents.py (refreshed on load); the API's
// ?all=true also lists the candidates below the threshold. Ranked by score,
// then contract id.
MATCH (:Contract {id: $contract})-[r:SUCCEEDS]->(o:Contract)
OPTIONAL MATCH (b:Buyer)-[:AWARDED]->(o)
RETURN o.id AS contract_id, o.title AS title, b.id AS buyer_id,
       [(o)-[:AWARDED_TO]->(s:Organisation) | s.id] AS supplier_ids,
       [(o)-[:AWARDED_TO]->(s:Organisation) | s.name] AS supplier_names,
       toString(o.start) AS start, toString(o.end) AS end, r.score AS score, r.evidence AS evidence
ORDER BY score DESC, contract_id
