package confkeys

import (
	"slices"
	"sort"
	"strings"
)

// closest returns the known key nearest to key, or "" if none is near.
func closest(key string, keys map[string]string) string {
	names := make([]string, 0, len(keys))
	for _, name := range keys {
		names = append(names, name)
	}
	sort.Strings(names)
	best, bestD := "", len(key)/2+2
	for _, name := range names {
		d := distance(strings.ToLower(key), strings.ToLower(name))
		if strings.HasPrefix(strings.ToLower(key), strings.ToLower(name)) ||
			strings.HasPrefix(strings.ToLower(name), strings.ToLower(key)) {
			d = min(d, abs(len(key)-len(name))/2)
		}
		if d < bestD {
			best, bestD = name, d
		}
	}
	return best
}

func abs(n int) int { return max(n, -n) }

// distance is the Levenshtein distance of a and b.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = slices.Min([]int{prev[j] + 1, cur[j-1] + 1, prev[j-1] + cost})
		}
		prev = cur
	}
	return prev[len(b)]
}
