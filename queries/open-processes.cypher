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
MATCH (b:Buyer)-[:AWARDED]->(c:Contract)
WHERE c.status IN ['planned', 'open']
  AND ($buyer IS NULL OR b.id = $buyer)
RETURN b.id AS buyer_id, b.name AS buyer_name, c.id AS contract_id, c.title AS title,
       c.status AS status, c.programme AS programme,
       COLLECT { MATCH (c)-[:COVERS]->(t) RETURN t.name ORDER BY t.name } AS towers,
       toString(c.start) AS start, c.value AS value, c.currency AS currency
ORDER BY buyer_name, contract_id
