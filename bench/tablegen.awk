# tablegen.awk - bench/run's table from the "=> ID SIZE PER COST REF RATIO"
# lines of its log (bench/lib.sh bench_result), grouped by "## backend B".
# For each benchmark and backend: the cost at the smallest and the largest
# size, the growth (cost per SIZE at the largest / at the smallest when PER is
# "unit", cost at the largest / at the smallest when "op"; 1 = linear, or
# flat), the reference and the ratio at the largest size.
/^## backend / { be = $3 }
/^=> / {
    k = $2 SUBSEP be
    if (!(k in seen)) { seen[k] = 1; order[++n] = k }
    if (!(k in smin) || $3 + 0 < smin[k] + 0) { smin[k] = $3; cmin[k] = $5 }
    if (!(k in smax) || $3 + 0 >= smax[k] + 0) { smax[k] = $3; cmax[k] = $5; ref[k] = $6; ratio[k] = $7 }
    per[k] = $4
}
function num(v) { return v == "-" ? "-" : sprintf(v + 0 >= 100 ? "%.0f" : v + 0 >= 1 ? "%.2f" : "%.3f", v) }
END {
    print "| benchmark | backend | smallest: size, cost | largest: size, cost | growth | reference (largest) | ratio (largest) |"
    print "|---|---|---|---|---|---|---|"
    for (i = 1; i <= n; i++) {
        k = order[i]; split(k, p, SUBSEP)
        g = "-"
        if (smin[k] != smax[k] && cmin[k] + 0 > 0)
            g = sprintf("%.2f", per[k] == "unit" ? (cmax[k] / smax[k]) / (cmin[k] / smin[k]) : cmax[k] / cmin[k])
        small = smin[k] != smax[k] ? smin[k] ": " num(cmin[k]) : "-"
        printf "| %s | %s | %s | %s: %s | %s | %s | %s |\n", p[1], p[2], small, smax[k], num(cmax[k]), g, num(ref[k]), ratio[k]
    }
}
