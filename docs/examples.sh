#!/usr/bin/env bash
# Rewrites the "Questions it answers" examples in README.md (between the examples markers):
# every question once as `supplygraph query` and once as curl, with the real output of a run.
# Needs the sample loaded and the API on 127.0.0.1:8000 (`make run` in another terminal).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
API=http://127.0.0.1:8000
body=$(mktemp)
compact_json() {  # one line per list item, so answers stay readable in the README
  python3 -c '
import json, sys
doc = json.load(sys.stdin)
print("{")
items = list(doc.items())
for i, (k, v) in enumerate(items):
    comma = "," if i < len(items) - 1 else ""
    if isinstance(v, list) and v:
        print(f"  {json.dumps(k)}: [")
        for j, x in enumerate(v):
            print("    " + json.dumps(x, ensure_ascii=False) + ("," if j < len(v) - 1 else ""))
        print("  ]" + comma)
    else:
        print(f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}{comma}")
print("}")'
}
example() {  # title, the CLI command line, the API path
  {
    echo "#### $1"
    echo
    echo '```console'
    echo "\$ $2"
    eval "$2"
    echo
    echo "\$ curl -s '$API$3'"
    curl -sf "$API$3" | compact_json
    echo '```'
    echo
    if [ -n "${4:-}" ]; then
      echo "$4"
      echo
    fi
  } >> "$body"
}
example "Who holds a tower on a day" "supplygraph query holders -p buyer='Met Police' -p tower=desktop -p as_of=2019-06-01" "/api/buyers/Met%20Police/towers/networks/holders?as_of=2019-06-01"
example "Succession: who held the tower, in order" "supplygraph query succession -p buyer='Met Police' -p tower=networks" "/api/buyers/Met%20Police/towers/networks/succession"
example "Predecessor: who held it before Capgemini?" "supplygraph query predecessor -p buyer='Met Police' -p tower=hosting -p supplier=Capgemini --format json" "/api/buyers/Met%20Police/towers/networks/predecessor?supplier=Capgemini"
example "Returns to a former client" "supplygraph query returns -p min_gap_days=365 --format json" "/api/returns?min_gap_days=365"
example "Insourcing and outsourcing" "supplygraph query insourcing --format csv" "/api/insourcing" \
  "Lincolnshire's and Cleveland's contracts name no tower, so they form no tower succession (see
*Tower successions need a tower* above); their insourcing comes from the stored contract
succession instead (\`basis\` \`contract succession\`, with the pair's \`score\`): each in-house contract
succeeds the Serco or Sopra Steria one."
example "Contract succession: which contracts did this one replace?" "supplygraph query predecessors -p contract=met-capgemini-infrastructure --format json" "/api/contracts/met-capgemini-infrastructure/predecessors" \
  "Each stored pair with its score and evidence (docs/incumbents.md); \`?all=true\` adds the candidates below the threshold, marked."
example "Consolidations and fragmentations" "supplygraph query consolidations --format json" "/api/consolidations" \
  "Events in day order, at most \`limit\` of them (1000 unless asked; \`since\` starts later). Each names at most 20
of the other suppliers (\`other_count\` says how many there were; \`-p names=0\` or \`?names=0\` for all), and
\`other_holders\` ten per tower: a contract that follows a framework with hundreds of suppliers stays one
readable row."
example "Re-procurement pipeline: contracts ending in a window" "supplygraph query expiring -p from=2026-01-01 -p months=12 --format csv" "/api/expiring?from=2026-01-01&months=12"
example "A supplier's footprint on a day" "supplygraph query footprint -p supplier=Capgemini -p as_of=2022-06-01 --format csv" "/api/suppliers/Capgemini/footprint?as_of=2022-06-01"
example "A buyer's portfolio timeline" "supplygraph query portfolio -p buyer='Met Police' --format csv" "/api/buyers/Met%20Police/portfolio"
example "Switching matrix: who succeeds whom, across buyers and towers" "supplygraph query switching-matrix --format csv" "/api/switching" \
  "The pairs with the most switches first, at most \`limit\` of them (1000 unless asked; 0 for all: at 1M generated
contracts there are 350,910 pairs)."
example "Coverage: how complete is the graph?" "supplygraph sources" "/api/sources"
python3 - "$body" <<'PY'
import re, sys
body = open(sys.argv[1]).read()
readme = open("README.md").read()
start, end = "<!-- examples:start (docs/examples.sh) -->", "<!-- examples:end -->"
if start not in readme or end not in readme:
    sys.exit("README.md lacks the examples markers")
head, rest = readme.split(start, 1)
_, tail = rest.split(end, 1)
open("README.md", "w").write(head + start + "\n" + body + end + tail)
PY
rm -f "$body"
echo "README.md examples rewritten"
