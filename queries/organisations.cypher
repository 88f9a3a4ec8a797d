// @name organisations
// @description Buyers or suppliers, optionally those whose name or an alias contains a text.
// @param role string default=any example=buyer -- buyer, supplier or any
// @param q key optional example=police -- text the key of its name, an alias or its id must contain (the library turns it into a key: lower-case, punctuation folded; in Neo4j Browser give it so); null for all
// @param limit integer default=100 example=100 -- most rows returned
// @column id -- the organisation's id
// @column name -- its name
// @column aliases -- other names it is known by
// @column identifiers -- registry identifiers (e.g. GB-COH-...)
// @column buyer -- whether it buys
// @column supplier -- whether it supplies
// @column contracts -- how many contracts it is party to
MATCH (o:Organisation)
WHERE ($role = 'any' OR ($role = 'buyer' AND o:Buyer) OR ($role = 'supplier' AND o:Supplier))
  AND ($q IS NULL OR EXISTS { MATCH (a:Alias)-[:ALIAS_OF]->(o) WHERE a.key CONTAINS $q })
RETURN o.id AS id, o.name AS name, coalesce(o.aliases, []) AS aliases,
       coalesce(o.identifiers, []) AS identifiers, o:Buyer AS buyer, o:Supplier AS supplier,
       COUNT { (o)-[:AWARDED|AWARDED_TO]-(:Contract) } AS contracts
ORDER BY name
LIMIT $limit
