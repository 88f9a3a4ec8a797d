// @name open-processes
// @description Planned and open procurement processes with no supplier yet (the pipeline's far end).
// @param buyer buyer optional example="Met Police" -- only this buyer; null for all; in Neo4j Browser give its id, e.g. :param buyer => 'metropolitan-police-service'
// @column buyer_id -- the buyer's id
// @column buyer_name -- its name
// @column contract_id -- the process
// @column title -- its title
// @column status -- planned or open
// @column programme -- the programme it belongs to, when known
// @column towers -- the towers it will cover
// @column start -- expected start, when known
// @column value -- expected value, when known
// @column currency -- the value's currency
// @column incumbent_contract_id -- the contract this process most likely replaces (stored SUCCEEDS pair), null if none
// @column incumbent_supplier_ids -- that contract's supplier(s): the likely incumbent
// @column incumbent_supplier_names -- their names
// @column incumbent_score -- the pair's score, 0 to 1
MATCH (b:Buyer)-[:AWARDED]->(c:Contract)
WHERE c.status IN ['planned', 'open']
  AND ($buyer IS NULL OR b.id = $buyer)
WITH b, c, head(COLLECT { MATCH (c)-[r:SUCCEEDS]->(p:Contract) RETURN {p: p, score: r.score} ORDER BY r.score DESC, p.id }) AS inc
WITH b, c, inc.p AS ip, inc.score AS incumbent_score
RETURN b.id AS buyer_id, b.name AS buyer_name, c.id AS contract_id, c.title AS title,
       c.status AS status, c.programme AS programme,
       COLLECT { MATCH (c)-[:COVERS]->(t) RETURN t.name ORDER BY t.name } AS towers,
       toString(c.start) AS start, c.value AS value, c.currency AS currency,
       ip.id AS incumbent_contract_id,
       COLLECT { MATCH (ip)-[:AWARDED_TO]->(s) RETURN s.id ORDER BY s.name } AS incumbent_supplier_ids,
       COLLECT { MATCH (ip)-[:AWARDED_TO]->(s) RETURN s.name ORDER BY s.name } AS incumbent_supplier_names,
       incumbent_score
ORDER BY buyer_name, contract_id
