// @name pipeline
// @description The re-procurement pipeline a bid team watches: contracts whose latest possible end falls in a window, soonest first, with holder, service class and likely incumbent.
// @param from date example=2026-01-01 -- first day of the window
// @param months integer default=18 example=18 -- length of the window in months
// @param buyer buyer optional example="Met Police" -- only this buyer; in Neo4j Browser give its id, e.g. :param buyer => 'metropolitan-police-service'
// @param supplier supplier optional example=Capgemini -- only contracts this supplier holds; in Neo4j Browser give its id
// @param tower tower optional example=networks -- only contracts covering this tower; in Neo4j Browser give its id
// @column expiry -- when the contract can run to at the latest: its maximum extension (OCDS maxExtentDate) when published, else its end
// @column expiry_basis -- max-extension or end: which of the two expiry is
// @column end -- the contract's end as published (last day of its end period)
// @column contract_id -- the contract
// @column title -- its title
// @column buyer_id -- the buyer's id
// @column buyer_name -- the buyer's name
// @column supplier_ids -- the holder(s)
// @column supplier_names -- their names
// @column towers -- the towers it covers (empty when none)
// @column service_class -- tower, it-other or none (from its codes and words; null for curated rows without towers)
// @column value -- its value, when known
// @column currency -- the value's currency
// @column predecessor_id -- the contract it most likely replaced (stored SUCCEEDS), null if none
// @column predecessor_score -- that pair's score, 0 to 1
// @column successor_process_id -- an open or planned process that most likely replaces it, null if none
// @column successor_process_score -- that pair's score
// Only contracts that hold (active or complete). Ranked by expiry, then
// buyer and contract. The incumbent of a re-procurement is the holder of the
// contract it replaces: follow predecessor_id back for the chain.
MATCH (b:Buyer)-[:AWARDED]->(c:Contract)
WHERE c.holds AND ($buyer IS NULL OR b.id = $buyer)
WITH b, c, coalesce(c.max_extent, c.end) AS expiry
WHERE expiry >= $from AND expiry < $from + duration({months: $months})
  AND ($tower IS NULL OR EXISTS { (c)-[:COVERS]->(:ServiceTower {id: $tower}) })
  AND ($supplier IS NULL OR EXISTS { (c)-[:AWARDED_TO]->(:Organisation {id: $supplier}) })
WITH b, c, expiry,
     head(COLLECT { MATCH (c)-[r:SUCCEEDS]->(p:Contract) RETURN [p.id, r.score] ORDER BY r.score DESC, p.id }) AS pred,
     head(COLLECT { MATCH (o:Contract)-[r:SUCCEEDS]->(c) WHERE o.status IN ['planned', 'open']
                    RETURN [o.id, r.score] ORDER BY r.score DESC, o.id }) AS next
RETURN toString(expiry) AS expiry,
       CASE WHEN c.max_extent IS NOT NULL THEN 'max-extension' ELSE 'end' END AS expiry_basis,
       toString(c.end) AS end, c.id AS contract_id, c.title AS title, b.id AS buyer_id, b.name AS buyer_name,
       COLLECT { MATCH (c)-[:AWARDED_TO]->(s) RETURN s.id ORDER BY s.name } AS supplier_ids,
       COLLECT { MATCH (c)-[:AWARDED_TO]->(s) RETURN s.name ORDER BY s.name } AS supplier_names,
       COLLECT { MATCH (c)-[:COVERS]->(t) RETURN t.name ORDER BY t.name } AS towers,
       c.service_class AS service_class, c.value AS value, c.currency AS currency,
       pred[0] AS predecessor_id, pred[1] AS predecessor_score,
       next[0] AS successor_process_id, next[1] AS successor_process_score
ORDER BY expiry, buyer_name, contract_id
