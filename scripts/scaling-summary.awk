# Import time per extrinsic of each kind, from caduceus-bench's log (its "<kind>: ... in blocks
# A-B" lines) and `benchmark block`'s ("Block N with T tx used ... (I of C ns)"): over each
# kind's blocks holding at least 10 extrinsics, the sum of import times over the sum of
# extrinsics (the one inherent included), and the same for the charged weight.
#   awk -v patients=N -f scripts/scaling-summary.awk bench.log block.log
FILENAME == ARGV[1] {
	if (match($0, / in blocks [0-9]+-[0-9]+$/)) {
		split(substr($0, RSTART + 11), range, "-")
		kind = $1
		sub(/:$/, "", kind)
		kinds[++n] = kind
		from[kind] = range[1]
		to[kind] = range[2]
	}
	next
}
/Block [0-9]+ with/ {
	for (i = 1; i <= NF; i++) {
		if ($i == "Block") block = $(i + 1)
		if ($i == "with") tx = $(i + 1)
		if ($i == "of" && $(i + 2) == "ns)") { imported = $(i - 1); charged = $(i + 1) }
	}
	gsub(/[(,]/, "", imported)
	gsub(/,/, "", charged)
	if (tx < 10) next
	for (k = 1; k <= n; k++) {
		kind = kinds[k]
		if (block >= from[kind] && block <= to[kind]) {
			ns[kind] += imported; weight[kind] += charged; count[kind] += tx; blocks[kind]++
		}
	}
}
END {
	printf "| patients | kind | blocks | extrinsics | import µs per extrinsic | charged µs per extrinsic |\n"
	printf "| ---: | --- | ---: | ---: | ---: | ---: |\n"
	for (k = 1; k <= n; k++) {
		kind = kinds[k]
		if (count[kind] == 0) continue
		printf "| %d | %s | %d | %d | %.1f | %.1f |\n", patients, kind, blocks[kind], count[kind],
			ns[kind] / count[kind] / 1000, weight[kind] / count[kind] / 1000
	}
}
