// @name returns
// @description Suppliers that held something at a buyer, held nothing there for a while, then came back.
// @param min_gap_days integer default=365 example=365 -- shortest gap that counts: returned minus left, in days
// @param supplier string optional example=Capgemini -- only this supplier (id, name or alias); null for all
// @param buyer string optional example="Met Police" -- only this buyer (id, name or alias); null for all
// @param follow_lineage boolean default=true -- true: a return counts when the company a former supplier became (renamed, merged-into, acquired-by in lineage.csv) comes back
// @column supplier_id -- the returning supplier's id (the name it came back under)
// @column supplier_name -- its name
// @column left_as -- the name it held under before the gap (differs only through lineage)
// @column buyer_id -- the former client's id
// @column buyer_name -- its name
// @column left -- the last day it held something before the gap
// @column left_precision -- day, month, year or decade: how precisely the source gave that end
// @column returned -- the first day it held something again
// @column returned_precision -- how precisely the source gave that start
// @column gap_days -- returned minus left, in days (>= min_gap_days)
// @column towers_before -- towers it held in the period before the gap (empty when the source named none)
// @column towers_after -- towers it held in the period after the gap
// @column contracts_before -- contracts of the period before the gap
// @column contracts_after -- contracts of the period after the gap
// "Holding something" is any active or complete contract at the buyer, with or
// without a known tower; contracts that overlap or touch form one period.
// In-house is not a supplier here. Lineage as in succession.cypher: a period
// goes on under a new name, and a period after the gap belongs to the
// supplier that had become, by its start, one that held the period before.
WITH CASE WHEN $supplier IS NULL THEN null
          ELSE [$supplier] + [(:Alias {key: toLower(trim($supplier))})-[:ALIAS_OF]->(o:Organisation) | o.id]
     END AS wanted
MATCH (b:Buyer)-[:AWARDED]->(c:Contract)-[:AWARDED_TO]->(s:Organisation)
WHERE c.holds AND s.id <> 'in-house'
  AND (wanted IS NULL OR s.id IN wanted
       OR ($follow_lineage AND EXISTS {
             MATCH p = (s)-[:BECAME*1..10]-(w:Organisation)
             WHERE w.id IN wanted
               AND all(r IN relationships(p) WHERE r.kind IN ['renamed', 'merged-into', 'acquired-by']) }))
  AND ($buyer IS NULL OR b.id = $buyer
       OR EXISTS { (:Alias {key: toLower(trim($buyer))})-[:ALIAS_OF]->(b) })
WITH wanted, b, s, c,
  COLLECT { MATCH (c)-[:COVERS]->(t:ServiceTower) RETURN t.name ORDER BY t.name } AS towers,
  CASE WHEN $follow_lineage THEN coalesce(head(COLLECT {
    MATCH p = (s)-[:BECAME*1..10]->(h:Organisation)
    WHERE all(r IN relationships(p) WHERE r.kind IN ['renamed', 'merged-into', 'acquired-by'])
      AND NOT EXISTS { (h)-[n:BECAME]->() WHERE n.kind IN ['renamed', 'merged-into', 'acquired-by'] }
    RETURN h.id ORDER BY h.id
  }), s.id) ELSE s.id END AS line,
  CASE WHEN $follow_lineage THEN COLLECT {
    MATCH p = (a:Organisation)-[:BECAME*1..10]->(s)
    WHERE all(r IN relationships(p)
              WHERE r.kind IN ['renamed', 'merged-into', 'acquired-by'] AND r.date <= c.start)
    RETURN DISTINCT a.id
  } ELSE [] END AS former
ORDER BY c.start, c.id
WITH wanted, b, line, collect({c: c, s: s, former: former, towers: towers}) AS held
WITH wanted, b, reduce(periods = [], h IN held |
  head([i IN [last([j IN range(0, size(periods) - 1)
                    WHERE (periods[j].end IS NULL OR h.c.start <= periods[j].end + duration({days: 1}))
                      AND (h.s.id IN periods[j].ids OR h.s.id IN periods[j].former
                           OR any(x IN periods[j].ids WHERE x IN h.former))])] |
    CASE WHEN i IS NULL
    THEN periods + [{start: h.c.start, start_precision: h.c.start_precision,
                     end: h.c.end, end_precision: h.c.end_precision,
                     first: h.s, holder: h.s, ids: [h.s.id], former: h.former, forerunners: h.former,
                     towers: h.towers, contracts: [h.c.id]}]
    ELSE [j IN range(0, size(periods) - 1) | CASE WHEN j <> i THEN periods[j] ELSE {
      start: periods[j].start, start_precision: periods[j].start_precision,
      end: CASE WHEN periods[j].end IS NULL OR h.c.end IS NULL THEN null
                WHEN h.c.end > periods[j].end THEN h.c.end ELSE periods[j].end END,
      end_precision: CASE WHEN periods[j].end IS NULL OR h.c.end IS NULL THEN null
                          WHEN h.c.end > periods[j].end THEN h.c.end_precision
                          ELSE periods[j].end_precision END,
      first: periods[j].first,
      holder: CASE WHEN periods[j].holder.id IN h.former THEN h.s ELSE periods[j].holder END,
      ids: periods[j].ids + [x IN [h.s.id] WHERE NOT x IN periods[j].ids],
      former: periods[j].former + [x IN h.former WHERE NOT x IN periods[j].former],
      forerunners: periods[j].forerunners,
      towers: periods[j].towers + [x IN h.towers WHERE NOT x IN periods[j].towers],
      contracts: periods[j].contracts + h.c.id} END]
    END])) AS periods
// each period after the first returns to the latest earlier period of the
// same supplier or of one it had become by then (lineage off: the one before)
UNWIND range(1, size(periods) - 1) AS k
WITH wanted, b, periods[k] AS after,
     last([i IN range(0, k - 1)
           WHERE any(x IN periods[i].ids WHERE x IN periods[k].ids OR x IN periods[k].forerunners)
           | periods[i]]) AS before
WITH wanted, b, before, after, duration.inDays(before.end, after.start).days AS gap_days
WHERE before IS NOT NULL AND gap_days >= $min_gap_days
  AND (wanted IS NULL OR any(x IN before.ids + after.ids WHERE x IN wanted))
WITH b, before, after, gap_days, after.first AS s
RETURN s.id AS supplier_id, s.name AS supplier_name, before.holder.name AS left_as,
       b.id AS buyer_id, b.name AS buyer_name,
       toString(before.end) AS left, before.end_precision AS left_precision,
       toString(after.start) AS returned, after.start_precision AS returned_precision, gap_days,
       before.towers AS towers_before, after.towers AS towers_after,
       before.contracts AS contracts_before, after.contracts AS contracts_after
ORDER BY supplier_name, buyer_name, returned
