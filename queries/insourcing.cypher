// @name insourcing
// @description Insourcing and outsourcing: an external supplier's spell followed by an in-house spell on the same tower at a buyer, and the reverse.
// @param buyer buyer optional example=Lincolnshire -- only this buyer; null for all; in Neo4j Browser give its id, e.g. :param buyer => 'metropolitan-police-service'
// @column kind -- insourcing (supplier -> in-house) or outsourcing (in-house -> supplier)
// @column buyer_id -- the buyer's id
// @column buyer_name -- the buyer's name
// @column tower_id -- the tower's id; null when the source named no tower
// @column tower_name -- the tower's name; null when the source named no tower
// @column from_id -- who held it before ('in-house' for outsourcing)
// @column from_name -- its name
// @column from_end -- last day of the earlier spell; null if it never ended
// @column to_id -- who held it next ('in-house' for insourcing)
// @column to_name -- its name
// @column to_start -- first day of the later spell
// "Followed by" means the next spell in the succession (spells ordered by start);
// engagements with no known tower are compared with each other.
MATCH (b:Buyer)-[:AWARDED]->(c:Contract)-[:AWARDED_TO]->(s:Organisation)
WHERE c.holds
  AND ($buyer IS NULL OR b.id = $buyer)
OPTIONAL MATCH (c)-[:COVERS]->(t:ServiceTower)
WITH b, t, s, c ORDER BY c.start, c.id
WITH b, t, s, collect(c) AS contracts
WITH b, t, s, reduce(spells = [], c IN contracts |
  CASE
    WHEN size(spells) > 0
         AND (last(spells).end IS NULL OR c.start <= last(spells).end + duration({days: 1}))
    THEN spells[..-1] + [{
      start: last(spells).start, start_precision: last(spells).start_precision,
      end: CASE WHEN last(spells).end IS NULL OR c.end IS NULL THEN null
                WHEN c.end > last(spells).end THEN c.end ELSE last(spells).end END,
      end_precision: CASE WHEN last(spells).end IS NULL OR c.end IS NULL THEN null
                          WHEN c.end > last(spells).end THEN c.end_precision
                          ELSE last(spells).end_precision END,
      contract_ids: last(spells).contract_ids + c.id}]
    ELSE spells + [{start: c.start, start_precision: c.start_precision,
                    end: c.end, end_precision: c.end_precision, contract_ids: [c.id]}]
  END) AS spells
UNWIND spells AS spell
WITH b, t, s, spell
ORDER BY spell.start, coalesce(spell.end, date('9999-12-31')), s.name
WITH b, t, collect({s: s, spell: spell}) AS ordered
UNWIND range(0, size(ordered) - 2) AS i
WITH b, t, ordered[i] AS prev, ordered[i + 1] AS next
WHERE (prev.s.id = 'in-house') <> (next.s.id = 'in-house')
RETURN CASE WHEN next.s.id = 'in-house' THEN 'insourcing' ELSE 'outsourcing' END AS kind,
       b.id AS buyer_id, b.name AS buyer_name, t.id AS tower_id, t.name AS tower_name,
       prev.s.id AS from_id, prev.s.name AS from_name, toString(prev.spell.end) AS from_end,
       next.s.id AS to_id, next.s.name AS to_name, toString(next.spell.start) AS to_start
ORDER BY to_start, buyer_name, tower_id
