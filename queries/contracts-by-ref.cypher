// @name contracts-by-ref
// @description Contracts by the source's own reference (a Contracts Finder Notice Identifier, an OCDS ocid) or by their id: exact match, any case.
// @param ref string example=met-bt-networks -- the reference as the source publishes it, or a contract id
// @param key string example=met-bt-networks -- the reference in lower case with runs of spaces folded (graph.names.reference_key)
// @param buyer buyer optional example="Met Police" -- only this buyer's contracts; null for all; in Neo4j Browser give its id, e.g. :param buyer => 'metropolitan-police-service'
// @column id -- the contract's id
// @column source_ref -- the reference as the source published it
// @column title -- its title
// @column status -- active, complete, planned, open, cancelled or unsuccessful
// @column buyer_id -- the buyer's id
// @column buyer_name -- the buyer's name
// @column supplier_ids -- its supplier(s), by id
// @column supplier_names -- their names
// @column start -- first day of its start period
// @column end -- last day of its end period, inclusive; null while ongoing
// @column value -- value, when known
// @column currency -- the value's currency
CALL () {
  MATCH (c:Contract {source_ref_key: $key}) RETURN c
  UNION
  MATCH (c:Contract {id: $ref}) RETURN c
}
MATCH (b:Organisation)-[:AWARDED]->(c)
WHERE $buyer IS NULL OR b.id = $buyer
RETURN c.id AS id, c.source_ref AS source_ref, c.title AS title, c.status AS status,
       b.id AS buyer_id, b.name AS buyer_name,
       COLLECT { MATCH (c)-[:AWARDED_TO]->(s) RETURN s.id ORDER BY s.name, s.id } AS supplier_ids,
       COLLECT { MATCH (c)-[:AWARDED_TO]->(s) RETURN s.name ORDER BY s.name, s.id } AS supplier_names,
       toString(c.start) AS start, toString(c.end) AS end, c.value AS value, c.currency AS currency
ORDER BY buyer_name, id
