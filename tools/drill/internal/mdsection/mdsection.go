// Package mdsection replaces generated sections of a Markdown file. A
// section is the text between two marker comments,
//
//	<!-- drill:begin KEY -->
//	...
//	<!-- drill:end KEY -->
//
// so that figures a program measures are written by that program, never
// copied by hand, and the prose around them stays the writer's.
package mdsection

import (
	"bytes"
	"fmt"
	"regexp"
)

// NewHere marks where sections not yet in a file are added; without it they
// are added at the end.
const NewHere = "<!-- drill:new -->"

// Begin returns the marker that opens the section key.
func Begin(key string) string { return "<!-- drill:begin " + key + " -->" }

// End returns the marker that closes the section key.
func End(key string) string { return "<!-- drill:end " + key + " -->" }

var keyRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// Set returns doc with the section key's content replaced by body. A section
// not in doc is added, under heading, before NewHere or at the end. It
// fails on a bad key and on markers that are missing their pair, repeated or
// out of order, so a hand edit cannot make it write into the wrong place.
func Set(doc []byte, key, heading, body string) ([]byte, error) {
	if !keyRE.MatchString(key) {
		return nil, fmt.Errorf("mdsection: bad key %q (want %s)", key, keyRE)
	}
	begin, end := []byte(Begin(key)), []byte(End(key))
	nb, ne := bytes.Count(doc, begin), bytes.Count(doc, end)
	content := "\n" + trimNewlines(body) + "\n"
	switch {
	case nb == 0 && ne == 0:
		return add(doc, key, heading, content), nil
	case nb != 1 || ne != 1:
		return nil, fmt.Errorf("mdsection: section %q has %d begin and %d end markers, want 1 and 1", key, nb, ne)
	}
	i := bytes.Index(doc, begin) + len(begin)
	j := bytes.Index(doc, end)
	if j < i {
		return nil, fmt.Errorf("mdsection: section %q ends before it begins", key)
	}
	out := append([]byte(nil), doc[:i]...)
	out = append(out, content...)
	return append(out, doc[j:]...), nil
}

// add inserts a new section before NewHere or at the end of doc.
func add(doc []byte, key, heading, content string) []byte {
	section := fmt.Sprintf("%s\n\n%s%s%s\n\n", heading, Begin(key), content, End(key))
	if i := bytes.Index(doc, []byte(NewHere)); i >= 0 {
		out := append([]byte(nil), doc[:i]...)
		out = append(out, section...)
		return append(out, doc[i:]...)
	}
	out := append([]byte(nil), bytes.TrimRight(doc, "\n")...)
	if len(out) > 0 {
		out = append(out, "\n\n"...)
	}
	out = append(out, bytes.TrimRight([]byte(section), "\n")...)
	return append(out, '\n')
}

// Keys returns the keys of the sections in doc, in order.
func Keys(doc []byte) []string {
	var keys []string
	for _, m := range beginRE.FindAllSubmatch(doc, -1) {
		keys = append(keys, string(m[1]))
	}
	return keys
}

var beginRE = regexp.MustCompile(`<!-- drill:begin ([^ ]+) -->`)

func trimNewlines(s string) string {
	return string(bytes.Trim([]byte(s), "\n"))
}
