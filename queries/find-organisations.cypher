// @name find-organisations
// @description Organisations whose id, name or alias matches a text exactly or by prefix.
// @param key key example="Met Police" -- a name, alias or id, or its start; the library turns it into its key (lower-case, accents, punctuation and "&" folded, single-spaced); in Neo4j Browser give the key, e.g. :param key => 'met police'
// @param role string default=any example=buyer -- buyer, supplier or any
// @param limit integer default=20 example=20 -- most rows returned
// @column id -- the organisation's id
// @column name -- its display name
// @column aliases -- other names it is known by
// @column buyer -- whether it buys
// @column supplier -- whether it supplies (in-house counts)
// @column exact -- whether the key is exactly the key of its id, name or an alias (else a prefix match)
// Keys are stored on Alias nodes by the loaders (graph/names.py keys_for).
CALL () {
  MATCH (:Alias {key: $key})-[:ALIAS_OF]->(o:Organisation) RETURN o, true AS exact
  UNION
  MATCH (a:Alias)-[:ALIAS_OF]->(o:Organisation)
  WHERE a.key STARTS WITH $key AND size($key) > 0
  RETURN o, false AS exact
}
WITH o, max(exact) AS exact
WHERE $role = 'any' OR ($role = 'buyer' AND o:Buyer) OR ($role = 'supplier' AND o:Supplier)
RETURN o.id AS id, o.name AS name, o.aliases AS aliases,
       o:Buyer AS buyer, o:Supplier AS supplier, exact
ORDER BY exact DESC, name
LIMIT $limit
