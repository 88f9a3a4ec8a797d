// @name succession-known-on
// @description The succession of a tower at a buyer as the graph knew it at an earlier time (before later corrections).
// @param buyer buyer example="Met Police" -- the buyer: id, name or alias; in Neo4j Browser give its id, e.g. :param buyer => 'metropolitan-police-service'
// @param tower tower example=networks -- the tower: id, name or alias; in Neo4j Browser give its id, e.g. :param tower => 'networks'
// @param as_known_on datetime example=2026-01-01 -- when to look from: what had been loaded by then (a day means its end, UTC)
// @param follow_lineage boolean default=true -- true: renames, mergers and acquisitions (lineage.csv, as loaded now) carry a spell on
// @column buyer_id -- the buyer's id
// @column buyer_name -- the buyer's name
// @column tower_id -- the canonical tower's id
// @column tower_name -- the canonical tower's name
// @column seq -- 1 for the first spell, 2 for the next...
// @column supplier_id -- the holder's id
// @column supplier_name -- the holder's name
// @column held_as -- every name the spell's contracts were signed under, in order
// @column start -- first day of the spell
// @column start_precision -- day, month, year or decade
// @column end -- last day of the spell, inclusive; null while ongoing
// @column end_precision -- precision of the end
// @column contract_ids -- the contracts merged into the spell
// Spells as in succession.cypher, on the facts current at as_known_on.
// Lineage edges are not versioned: the ones loaded now are used.
MATCH (b:Organisation:Buyer {id: $buyer})
MATCH (t:ServiceTower {id: $tower})
MATCH (b)-[:AWARDED]->(c:Contract)
// the facts as known then: the current ones if recorded by then, else the
// version that was current then, else nothing (not yet known)
WITH b, t, c,
  CASE WHEN coalesce(c.recorded_at, datetime('1970-01-01T00:00:00Z')) <= $as_known_on
       THEN c {.id, .holds, .start, .start_precision, .end, .end_precision, .recorded_at,
               towers: [(c)-[:COVERS]->(x:ServiceTower) | x.id],
               suppliers: [(c)-[:AWARDED_TO]->(s:Organisation) | s.id]}
       ELSE head([(c)-[:PREVIOUSLY]->(v:ContractVersion)
                  WHERE coalesce(v.recorded_at, datetime('1970-01-01T00:00:00Z')) <= $as_known_on
                    AND $as_known_on < v.superseded_at
                  | v {id: v.contract_id, .holds, .start, .start_precision, .end, .end_precision,
                       .recorded_at, towers: v.tower_ids, suppliers: v.supplier_ids}])
  END AS fact
WHERE fact IS NOT NULL AND fact.holds AND t.id IN fact.towers
UNWIND fact.suppliers AS sid
MATCH (s:Organisation {id: sid})
WITH b, t, s, fact,
  CASE WHEN $follow_lineage THEN coalesce(head(COLLECT {
    MATCH p = (s)-[:BECAME*1..10]->(h:Organisation)
    WHERE all(r IN relationships(p) WHERE r.kind IN ['renamed', 'merged-into', 'acquired-by'])
      AND NOT EXISTS { (h)-[n:BECAME]->() WHERE n.kind IN ['renamed', 'merged-into', 'acquired-by'] }
    RETURN h.id ORDER BY h.id
  }), s.id) ELSE s.id END AS line,
  CASE WHEN $follow_lineage THEN COLLECT {
    MATCH p = (a:Organisation)-[:BECAME*1..10]->(s)
    WHERE all(r IN relationships(p)
              WHERE r.kind IN ['renamed', 'merged-into', 'acquired-by'] AND r.date <= fact.start)
    RETURN DISTINCT a.id
  } ELSE [] END AS former
WITH b, t, line, s, fact, former ORDER BY fact.start, fact.id
WITH b, t, line, collect({c: fact, s: s, former: former}) AS held
WITH b, t, line, reduce(spells = [], h IN held |
  head([i IN [last([j IN range(0, size(spells) - 1)
                    WHERE (spells[j].end IS NULL OR h.c.start <= spells[j].end + duration({days: 1}))
                      AND (h.s.id IN spells[j].ids OR h.s.id IN spells[j].former
                           OR any(x IN spells[j].ids WHERE x IN h.former))])] |
    CASE WHEN i IS NULL
    THEN spells + [{start: h.c.start, start_precision: h.c.start_precision,
                    end: h.c.end, end_precision: h.c.end_precision,
                    holder: h.s, ids: [h.s.id], held_as: [h.s.name], former: h.former,
                    contract_ids: [h.c.id]}]
    ELSE [j IN range(0, size(spells) - 1) | CASE WHEN j <> i THEN spells[j] ELSE {
      start: spells[j].start, start_precision: spells[j].start_precision,
      end: CASE WHEN spells[j].end IS NULL OR h.c.end IS NULL THEN null
                WHEN h.c.end > spells[j].end THEN h.c.end ELSE spells[j].end END,
      end_precision: CASE WHEN spells[j].end IS NULL OR h.c.end IS NULL THEN null
                          WHEN h.c.end > spells[j].end THEN h.c.end_precision
                          ELSE spells[j].end_precision END,
      holder: CASE WHEN spells[j].holder.id IN h.former THEN h.s ELSE spells[j].holder END,
      ids: spells[j].ids + [x IN [h.s.id] WHERE NOT x IN spells[j].ids],
      held_as: spells[j].held_as + [x IN [h.s.name] WHERE NOT x IN spells[j].held_as],
      former: spells[j].former + [x IN h.former WHERE NOT x IN spells[j].former],
      contract_ids: spells[j].contract_ids + h.c.id} END]
    END])) AS spells
UNWIND spells AS spell
WITH b, t, spell
ORDER BY spell.start, coalesce(spell.end, date('9999-12-31')), spell.holder.name
WITH b, t, collect(spell) AS ordered
UNWIND range(0, size(ordered) - 1) AS i
WITH b, t, i, ordered[i] AS spell
RETURN b.id AS buyer_id, b.name AS buyer_name, t.id AS tower_id, t.name AS tower_name,
       i + 1 AS seq, spell.holder.id AS supplier_id, spell.holder.name AS supplier_name,
       spell.held_as AS held_as,
       toString(spell.start) AS start, spell.start_precision AS start_precision,
       toString(spell.end) AS end, spell.end_precision AS end_precision,
       spell.contract_ids AS contract_ids
ORDER BY buyer_id, tower_id, seq
