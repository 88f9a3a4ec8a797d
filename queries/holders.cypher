// @name holders
// @description Who held a tower at a buyer on a given day (several during a transition).
// @param buyer buyer example="Met Police" -- the buyer: id, name or alias; in Neo4j Browser give its id, e.g. :param buyer => 'metropolitan-police-service'
// @param tower tower example=networks -- the tower: id, name or alias, e.g. networks, desktop, SIAM; in Neo4j Browser give its id, e.g. :param tower => 'networks'
// @param as_of date example=2019-06-01 -- the day; in Neo4j Browser :param as_of => date('2019-06-01')
// @column buyer_id -- the buyer's id
// @column buyer_name -- the buyer's name
// @column tower_id -- the canonical tower's id
// @column tower_name -- the canonical tower's name
// @column supplier_id -- the holder's id ('in-house' when the buyer runs it itself)
// @column supplier_name -- the holder's name
// @column contract_id -- the contract under which it held the tower that day
// @column start -- contract start, first day of its period (YYYY-MM-DD)
// @column start_precision -- day, month, year or decade: how precisely the source gave the start
// @column end -- contract end, last day of its period, inclusive; null while ongoing
// @column end_precision -- precision of the end, null while ongoing
// A holder is a supplier on an active or complete contract covering the tower
// whose [start, end] contains as_of; partial dates count from the first day of
// the start's period to the last day of the end's period. The contracts are found
// through the stored tenures of the buyer and tower (docs/model.md): only those
// whose span contains as_of are opened, not every contract of the buyer.
MATCH (b:Organisation:Buyer {id: $buyer})
MATCH (t:ServiceTower {id: $tower})
MATCH (x:Tenure {buyer_id: b.id, tower_id: t.id})
WHERE x.with_lineage AND x.from <= $as_of AND (x.to IS NULL OR x.to >= $as_of)
MATCH (x)-[:RESTS_ON]->(c:Contract)
WHERE c.start <= $as_of AND (c.end IS NULL OR c.end >= $as_of)
WITH DISTINCT b, t, c
MATCH (c)-[:AWARDED_TO]->(s:Organisation)
RETURN b.id AS buyer_id, b.name AS buyer_name, t.id AS tower_id, t.name AS tower_name,
       s.id AS supplier_id, s.name AS supplier_name, c.id AS contract_id,
       toString(c.start) AS start, c.start_precision AS start_precision,
       toString(c.end) AS end, c.end_precision AS end_precision
ORDER BY start, supplier_name, contract_id
