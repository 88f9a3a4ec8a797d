// @name footprint
// @description A supplier's footprint on a day: the buyers and towers it held.
// @param supplier supplier example=Capgemini -- the supplier: id, name or alias; in Neo4j Browser give its id, e.g. :param supplier => 'capgemini'
// @param as_of date example=2022-06-01 -- the day
// @column supplier_id -- the supplier's id
// @column supplier_name -- its name
// @column buyer_id -- a buyer it held something at that day
// @column buyer_name -- the buyer's name
// @column tower_id -- a tower it held there; null for an engagement with no known tower
// @column tower_name -- the tower's name
// @column contract_id -- the contract under which it held it
// @column start -- the contract's first day
// @column start_precision -- day, month, year or decade
// @column end -- the contract's last day, inclusive; null while ongoing
// @column end_precision -- precision of the end
MATCH (s:Organisation {id: $supplier})
MATCH (b:Buyer)-[:AWARDED]->(c:Contract)-[:AWARDED_TO]->(s)
WHERE c.holds AND c.start <= $as_of AND (c.end IS NULL OR c.end >= $as_of)
OPTIONAL MATCH (c)-[:COVERS]->(t:ServiceTower)
RETURN s.id AS supplier_id, s.name AS supplier_name, b.id AS buyer_id, b.name AS buyer_name,
       t.id AS tower_id, t.name AS tower_name, c.id AS contract_id,
       toString(c.start) AS start, c.start_precision AS start_precision,
       toString(c.end) AS end, c.end_precision AS end_precision
ORDER BY buyer_name, tower_name, contract_id
