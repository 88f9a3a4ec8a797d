// @name expiring
// @description The re-procurement pipeline: contracts ending within a window.
// @param from date example=2021-01-01 -- first day of the window
// @param months integer default=12 example=12 -- length of the window in months
// @column end -- last day of the contract (last day of its end period)
// @column end_precision -- day, month, year or decade
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
// The window is [from, from + months): a contract whose end falls in it is
// due for re-procurement. Uses the index on Contract.end.
MATCH (c:Contract)
WHERE c.end >= $from AND c.end < $from + duration({months: $months}) AND c.holds
MATCH (b:Buyer)-[:AWARDED]->(c)
RETURN toString(c.end) AS end, c.end_precision AS end_precision, c.id AS contract_id, c.title AS title,
       b.id AS buyer_id, b.name AS buyer_name,
       COLLECT { MATCH (c)-[:AWARDED_TO]->(s) RETURN s.id ORDER BY s.name } AS supplier_ids,
       COLLECT { MATCH (c)-[:AWARDED_TO]->(s) RETURN s.name ORDER BY s.name } AS supplier_names,
       COLLECT { MATCH (c)-[:COVERS]->(t) RETURN t.name ORDER BY t.name } AS towers,
       c.value AS value, c.currency AS currency, c.status AS status
ORDER BY end, buyer_name, contract_id
