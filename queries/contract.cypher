// @name contract
// @description One contract in full: its buyer, suppliers, towers, dates, value and every source that asserted it.
// @param contract string example=met-capgemini-infrastructure -- the contract's id (OCDS contracts: <ocid>/<award or contract id>)
// @column id -- the contract's id
// @column title -- its title
// @column description -- its description, when the source gave one
// @column status -- active, complete, planned, open, cancelled or unsuccessful
// @column holds -- whether its suppliers hold its towers (status active or complete, with a supplier)
// @column programme -- the programme it belongs to, when known
// @column buyer_id -- the buyer's id
// @column buyer_name -- the buyer's name
// @column supplier_ids -- its supplier(s), by name; empty for a process not yet awarded
// @column supplier_names -- their names
// @column tower_ids -- the canonical towers it covers, by id (empty when the source named none)
// @column start -- first day of its start period; null for a process with no date
// @column start_precision -- day, month, year or decade
// @column end -- last day of its end period, inclusive; null while ongoing
// @column end_precision -- precision of the end
// @column max_extent -- the last day its extension options allow (OCDS maxExtentDate); null when not published
// @column value -- value, when known
// @column currency -- the value's currency
// @column ocid -- the OCDS contracting process, null for deal-history rows
// @column source_ref -- the source's own reference for it (a Contracts Finder Notice Identifier, an OCDS ocid)
// @column release_id -- the OCDS release its facts were last taken from
// @column cpv_codes -- the CPV codes it was classified with (OCDS), null otherwise
// @column sources -- every source that asserted it, oldest first: url, title, published (YYYY-MM-DD, first day of its period), published_precision
MATCH (c:Contract {id: $contract})
OPTIONAL MATCH (b:Organisation)-[:AWARDED]->(c)
RETURN c.id AS id, c.title AS title, c.description AS description, c.status AS status, c.holds AS holds,
       c.programme AS programme, b.id AS buyer_id, b.name AS buyer_name,
       COLLECT { MATCH (c)-[:AWARDED_TO]->(s) RETURN s.id ORDER BY s.name, s.id } AS supplier_ids,
       COLLECT { MATCH (c)-[:AWARDED_TO]->(s) RETURN s.name ORDER BY s.name, s.id } AS supplier_names,
       COLLECT { MATCH (c)-[:COVERS]->(t) RETURN t.id ORDER BY t.id } AS tower_ids,
       toString(c.start) AS start, c.start_precision AS start_precision,
       toString(c.end) AS end, c.end_precision AS end_precision, toString(c.max_extent) AS max_extent,
       c.value AS value, c.currency AS currency, c.ocid AS ocid, c.source_ref AS source_ref,
       c.release_id AS release_id,
       c.cpv_codes AS cpv_codes,
       COLLECT {
         MATCH (c)-[:SOURCED_FROM]->(src:Source)
         RETURN {url: src.url, title: src.title, published: toString(src.published),
                 published_precision: src.published_precision}
         ORDER BY src.published IS NULL, src.published, src.url, src.title
       } AS sources
