#!/bin/sh
# gias.sh: staffroomctl import gias with a generated GIAS-shaped export of
# 25,000 schools in Windows-1252 (quotes, commas, accented names, schools
# without a trust, closed schools, bad rows), imported, imported again
# with changes, refused whole with --strict, and read through --la-map.
. "$(dirname "$0")/lib.sh"

for tool in sqlite3 iconv awk; do
	command -v "$tool" >/dev/null 2>&1 || { echo "1..0 # SKIP no $tool"; exit 0; }
done

itest_setup
DB=$ITEST_STATE/staffroom.db
HEADER='URN,LA (name),EstablishmentNumber,EstablishmentName,TypeOfEstablishment (name),EstablishmentStatus (name),PhaseOfEducation (name),Trusts (code),Trusts (name),GOR (name)'

# gias VARIANT: the export on stdout, in UTF-8. Row i is URN 100000+i;
# every tenth has no trust; the others are in trust TR(1 + i mod 1500)
# (1,350 trusts), in the trust's region but for every seventh row; every
# thirteenth is closed. Variant 2 renames row 5, moves row 6 to another
# trust, closes row 7, leaves out row 8 and the bad rows.
gias() {
	awk -v variant="$1" -v header="$HEADER" 'BEGIN {
		split("North East|North West|Yorkshire and the Humber|East Midlands|" \
		    "West Midlands|East of England|London|South East|South West", gor, "|")
		print header
		for (i = 1; i <= 25000; i++) {
			if (variant == 2 && i == 8)
				continue
			t = 1 + i % 1500
			code = i % 10 == 0 ? "" : sprintf("TR%04d", t)
			tname = code == "" ? "" : sprintf("\"Trust %d, Academies\"", t)
			if (variant == 2 && i == 6) {
				code = "TR0008"
				tname = "\"Trust 8, Academies\""
			}
			region = gor[1 + (t + (i % 7 == 0)) % 9]
			status = i % 13 == 0 || (variant == 2 && i == 7) ? "Closed" : "Open"
			name = "School " i
			if (i == 1) name = "\"St Mary'"'"'s, Church of England \"\"Aided\"\" School\""
			if (i == 2) name = "École Française de Londres"
			if (i == 3) name = "Zoë Hall Academy"
			if (variant == 2 && i == 5) name = "School 5 Renamed"
			printf "%d,Camden,%d,%s,Academy converter,%s,Primary,%s,%s,%s\r\n", \
			    100000 + i, 2000 + i % 7000, name, status, code, tname, region
		}
		if (variant == 1) {
			print "abc,Camden,1,Bad URN,Academy converter,Open,Primary,,,London"
			print "900002,Camden,1,,Academy converter,Open,Primary,,,London"
			print "900003,Cardiff,1,Ysgol,Other,Open,Primary,,,Wales (pseudo)"
			print "900004,Camden,1,Too few fields"
			print "100500,Camden,1,Repeated,Academy converter,Open,Primary,,,London"
		}
	}'
}

gias 1 | iconv -f UTF-8 -t WINDOWS-1252 >"$ITEST_TMP/gias1.csv" &&
gias 2 | iconv -f UTF-8 -t WINDOWS-1252 >"$ITEST_TMP/gias2.csv" ||
	{ echo "Bail out! cannot make the export"; exit 99; }
chmod 0644 "$ITEST_TMP"/gias*.csv

# sql QUERY: as the state's owner, so any file SQLite makes stays the daemon's.
sql() {
	if [ "$(id -u)" -eq 0 ]; then
		setpriv --reuid="$ITEST_RUN_AS" --regid="$ITEST_RUN_AS" --init-groups \
			sqlite3 -cmd '.timeout 10000' "$DB" "$1"
	else
		sqlite3 -cmd '.timeout 10000' "$DB" "$1"
	fi
}

# same WANTED GOT: says both when they differ.
same() {
	[ "$1" = "$2" ] || { echo "wanted: $1"; echo "got:    $2"; return 1; }
}

first_import() {
	itest_ctl import gias "$ITEST_TMP/gias1.csv" >"$ITEST_TMP/out" 2>"$ITEST_TMP/err" ||
		{ cat "$ITEST_TMP/err"; return 1; }
	same '25005 rows: 24999 schools (24999 new, 0 renamed, 0 changed trust, 0 closed, 0 unchanged), 1350 trusts (1350 new), 6 bad rows skipped' \
		"$(cat "$ITEST_TMP/out")"
}
itest_check "a 25,000-row export imports, counting what it did" first_import

bad_rows_named() {
	f=$ITEST_TMP/gias1.csv
	for want in "$f:25002: URN \"abc\" is not a number" \
		"$f:25003: URN 900002: the name is empty" \
		"$f:25004: GOR (name) \"Wales (pseudo)\" is not a region here" \
		"$f:25005: 4 fields where the header has 10" \
		"$f:25006: URN 100500 again (first on line 501)" \
		"$f:501: URN 100500 is on more than one row"; do
		grep -qF "staffroomctl: import gias: $want" "$ITEST_TMP/err" ||
			{ echo "no line: $want"; cat "$ITEST_TMP/err"; return 1; }
	done
}
itest_check "each bad row is named by its line and why" bad_rows_named

awkward_rows_kept() {
	same "St Mary's, Church of England \"Aided\" School" \
		"$(sql 'SELECT name FROM schools WHERE urn = 100001')" &&
	same 'École Française de Londres|Zoë Hall Academy' \
		"$(sql "SELECT group_concat(name, '|') FROM (SELECT name FROM schools WHERE urn IN (100002, 100003) ORDER BY urn)")" &&
	same 2499 "$(sql 'SELECT count(*) FROM schools WHERE trust_id IS NULL')" &&
	same 1923 "$(sql "SELECT count(*) FROM schools WHERE closed = 1 AND status = 'Closed'")"
}
itest_check "quotes, commas, accents, no trust and closed schools come through" \
	awkward_rows_kept

trusts_made() {
	# TR0008 (t = 8): schools mostly in region 1 + 8 mod 9 = South West.
	same 'Trust 8, Academies|south-west' \
		"$(sql "SELECT t.name || '|' || r.slug FROM trusts t JOIN regions r ON r.id = t.region_id WHERE t.gias_code = 'TR0008'")" &&
	itest_ctl trust list | grep -q 'Trust 8, Academies *south-west' &&
	# Each trust comes with its room and board.
	same 1350 "$(sql "SELECT count(*) FROM rooms WHERE ref LIKE 'trust:%'")"
}
itest_check "each trust is made once, in the region of most of its schools, with its room" \
	trusts_made

itest_ctl user add pat --name "Pat Jones" --region south-west >/dev/null &&
	itest_ctl trust member pat "$(sql "SELECT id FROM trusts WHERE gias_code = 'TR0007'")" >/dev/null ||
	{ echo "Bail out! cannot put pat in a trust"; exit 99; }

second_import() {
	itest_ctl import gias "$ITEST_TMP/gias2.csv" >"$ITEST_TMP/out" 2>"$ITEST_TMP/err" ||
		{ cat "$ITEST_TMP/err"; return 1; }
	same '24999 rows: 24999 schools (1 new, 1 renamed, 1 changed trust, 1 closed, 24995 unchanged), 1350 trusts (0 new), 0 bad rows skipped' \
		"$(cat "$ITEST_TMP/out")" &&
	same 'School 5 Renamed' "$(sql 'SELECT name FROM schools WHERE urn = 100005')" &&
	same TR0008 "$(sql 'SELECT t.gias_code FROM schools s JOIN trusts t ON t.id = s.trust_id WHERE s.urn = 100006')" &&
	same 1 "$(sql 'SELECT closed FROM schools WHERE urn = 100007')" &&
	# Left out of the export: kept as it was.
	same 'School 8' "$(sql 'SELECT name FROM schools WHERE urn = 100008')" &&
	# People stay in their trusts.
	same TR0007 "$(sql "SELECT t.gias_code FROM trust_members m JOIN users u ON u.id = m.user_id JOIN trusts t ON t.id = m.trust_id WHERE u.handle = 'pat'")"
}
itest_check "importing again updates in place: renamed, moved, closed, never deleted" \
	second_import

import_audited() {
	itest_ctl audit tail 1 | grep -q 'import gias' ||
		{ itest_ctl audit tail 3; return 1; }
	itest_ctl audit tail 1 | grep -q '24999 schools, 1 new'
}
itest_check "an import is an audit row with its counts" import_audited

strict_keeps_nothing() {
	{ echo "$HEADER"; echo '800001,Camden,1,New School,Academy converter,Open,Primary,,,London'
	  echo 'xyz,Camden,1,Bad,Academy converter,Open,Primary,,,London'; } >"$ITEST_TMP/strict.csv"
	chmod 0644 "$ITEST_TMP/strict.csv"
	itest_ctl import gias --strict "$ITEST_TMP/strict.csv" >/dev/null 2>"$ITEST_TMP/err" &&
		return 1
	grep -qF '1 bad row: nothing imported (--strict)' "$ITEST_TMP/err" &&
	same 0 "$(sql 'SELECT count(*) FROM schools WHERE urn = 800001')" &&
	# Without --strict the good row goes in.
	itest_ctl import gias "$ITEST_TMP/strict.csv" >/dev/null 2>&1 &&
	same 1 "$(sql 'SELECT count(*) FROM schools WHERE urn = 800001')"
}
itest_check "--strict imports nothing when a row is bad" strict_keeps_nothing

la_map_regions() {
	printf 'URN,EstablishmentName,EstablishmentStatus (name),LA (name)\n700001,Camden School,Open,Camden\n700002,Leeds School,Open,Leeds\n' \
		>"$ITEST_TMP/la.csv" &&
	printf 'Camden,london\nLeeds,yorkshire-and-the-humber\n' >"$ITEST_TMP/la-map.csv" &&
	chmod 0644 "$ITEST_TMP/la.csv" "$ITEST_TMP/la-map.csv" &&
	itest_ctl import gias --la-map "$ITEST_TMP/la-map.csv" "$ITEST_TMP/la.csv" >/dev/null &&
	same 'london|yorkshire-and-the-humber' \
		"$(sql "SELECT group_concat(r.slug, '|') FROM (SELECT region_id FROM schools WHERE urn IN (700001, 700002) ORDER BY urn) s JOIN regions r ON r.id = s.region_id")"
}
itest_check "--la-map places schools by local authority" la_map_regions

not_gias() {
	printf 'handle,name\nasha,Asha\n' >"$ITEST_TMP/other.csv" && chmod 0644 "$ITEST_TMP/other.csv"
	itest_ctl import gias "$ITEST_TMP/other.csv" 2>"$ITEST_TMP/err" && return 1
	grep -qF 'no column "URN" in the header (is it a GIAS establishment export?)' "$ITEST_TMP/err"
}
itest_check "a file that is not a GIAS export is refused, naming the column" not_gias

itest_done
