// @name expiring
// @description The re-procurement pipeline: contracts ending within a window.
// @param from date example=2021-01-01 -- first day of the window
// @param months integer default=12 example=12 -- length of the window in months
// @column end -- the contract's latest possible end: its maximum extension (OCDS maxExtentDate) when published, else its end
// @column end_precision -- day, month, year or decade
// @column expiry_basis -- max-extension or end: which of the two end is
// @column contract_id -- the contract
// @column title -- its title
// @column buyer_id -- the buyer's id
// @column buyer_name -- the buyer's name
// @column supplier_ids -- the supplier(s)
// @column supplier_names -- their names
// @column towers -- the towers it covers (empty when the source named none)
// @column value -- its value, when known
// @column currency -- the value's currency
// @column status -- active or complete
// @column incumbent_contract_id -- the contract it most likely replaced (stored SUCCEEDS pair), null if none
// @column incumbent_score -- that pair's score, 0 to 1
// @column successor_process_id -- an open or planned process that most likely replaces it, null if none
// @column successor_process_score -- that pair's score
// The window is [from, from + months): a contract whose latest possible end
// falls in it is due for re-procurement. Uses the index on Contract.end (an
// extension only ever moves the end later).
MATCH (c:Contract)
WHERE c.end < $from + duration({months: $months}) AND c.holds
  AND coalesce(c.max_extent, c.end) >= $from AND coalesce(c.max_extent, c.end) < $from + duration({months: $months})
MATCH (b:Buyer)-[:AWARDED]->(c)
WITH b, c,
     head(COLLECT { MATCH (c)-[r:SUCCEEDS]->(p:Contract) RETURN [p.id, r.score] ORDER BY r.score DESC, p.id }) AS pred,
     head(COLLECT { MATCH (o:Contract)-[r:SUCCEEDS]->(c) WHERE o.status IN ['planned', 'open']
                    RETURN [o.id, r.score] ORDER BY r.score DESC, o.id }) AS next
RETURN toString(coalesce(c.max_extent, c.end)) AS end,
       CASE WHEN c.max_extent IS NOT NULL THEN 'day' ELSE c.end_precision END AS end_precision,
       CASE WHEN c.max_extent IS NOT NULL THEN 'max-extension' ELSE 'end' END AS expiry_basis,
       c.id AS contract_id, c.title AS title,
       b.id AS buyer_id, b.name AS buyer_name,
       COLLECT { MATCH (c)-[:AWARDED_TO]->(s) RETURN s.id ORDER BY s.name } AS supplier_ids,
       COLLECT { MATCH (c)-[:AWARDED_TO]->(s) RETURN s.name ORDER BY s.name } AS supplier_names,
       COLLECT { MATCH (c)-[:COVERS]->(t) RETURN t.name ORDER BY t.name } AS towers,
       c.value AS value, c.currency AS currency, c.status AS status,
       pred[0] AS incumbent_contract_id, pred[1] AS incumbent_score,
       next[0] AS successor_process_id, next[1] AS successor_process_score
ORDER BY end, buyer_name, contract_id
