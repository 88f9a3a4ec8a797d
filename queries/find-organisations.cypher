// @name find-organisations
// @description Organisations whose id, name or alias matches a text exactly or by prefix.
// @param text string example="Met Police" -- an id, name or alias, any case
// @param role string default=any example=buyer -- buyer, supplier or any
// @param limit integer default=20 example=20 -- most rows returned
// @column id -- the organisation's id
// @column name -- its display name
// @column aliases -- other names it is known by
// @column buyer -- whether it buys
// @column supplier -- whether it supplies (in-house counts)
// @column exact -- whether the text is exactly its id, name or an alias (else a prefix match)
// Lower-case the text as an analyst: keys are lower-case, punctuation-free.
CALL () {
  MATCH (o:Organisation {id: $text}) RETURN o, true AS exact
  UNION
  MATCH (:Alias {key: toLower(trim($text))})-[:ALIAS_OF]->(o:Organisation) RETURN o, true AS exact
  UNION
  MATCH (a:Alias)-[:ALIAS_OF]->(o:Organisation)
  WHERE a.key STARTS WITH toLower(trim($text)) AND size(trim($text)) > 0
  RETURN o, false AS exact
}
WITH o, max(exact) AS exact
WHERE $role = 'any' OR ($role = 'buyer' AND o:Buyer) OR ($role = 'supplier' AND o:Supplier)
RETURN o.id AS id, o.name AS name, o.aliases AS aliases,
       o:Buyer AS buyer, o:Supplier AS supplier, exact
ORDER BY exact DESC, name
LIMIT $limit
