package main

import "sort"

// jaro is the Jaro similarity of two strings (by characters), 0..1.
func jaro(a, b string) float64 {
	ar, br := []rune(a), []rune(b)
	if len(ar) == 0 && len(br) == 0 {
		return 1
	}
	if len(ar) == 0 || len(br) == 0 {
		return 0
	}
	rng := max(len(ar), len(br))/2 - 1
	if rng < 0 {
		rng = 0
	}
	af, bf := make([]bool, len(ar)), make([]bool, len(br))
	matches := 0
	for i, c := range ar {
		lo, hi := max(0, i-rng), min(len(br), i+rng+1)
		for j := lo; j < hi; j++ {
			if !bf[j] && br[j] == c {
				af[i], bf[j] = true, true
				matches++
				break
			}
		}
	}
	if matches == 0 {
		return 0
	}
	trans, j := 0, 0
	for i, c := range ar {
		if !af[i] {
			continue
		}
		for !bf[j] {
			j++
		}
		if br[j] != c {
			trans++
		}
		j++
	}
	m := float64(matches)
	return (m/float64(len(ar)) + m/float64(len(br)) + (m-float64(trans/2))/m) / 3
}

// similar returns the candidates whose similarity to v exceeds 0.7, least
// similar first (the order usage errors list them in).
func similar(v string, candidates []string) []string {
	type scored struct {
		s float64
		c string
	}
	var out []scored
	for _, c := range candidates {
		if s := jaro(v, c); s > 0.7 {
			out = append(out, scored{s, c})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].s < out[j].s })
	names := make([]string, len(out))
	for i, e := range out {
		names[i] = e.c
	}
	return names
}
