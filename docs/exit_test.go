package docs

import (
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/zerodown/zerodown/core/proc"
)

var (
	// "exits 124", "exit code 1", "status 143", "退出码 124", "以 124 退出"
	exitRE = regexp.MustCompile(`(?i)\b(?:exit(?:s|ed)?(?: with)?(?: (?:code|status))?|status)\s+(\d+(?:\.\d+)?)|退出码\s*(\d+)|以\s*(\d+)\s*退出`)
	// a row of an exit-code table: "| 124 |", "| 130 / 143 |"
	exitRowRE = regexp.MustCompile(`^\|\s*(\d+)(?:\s*/\s*(\d+))?\s*\|`)
	forceRE   = regexp.MustCompile(`(?i)force[ -]quit|强制退出`)
)

// exitCodes are the codes a zerodown process exits with.
var exitCodes = map[int]string{
	0:                          "the sequence is done",
	proc.ExitCodeFatal:         "proc.ExitCodeFatal",
	proc.ExitCodeForceQuit:     "proc.ExitCodeForceQuit",
	proc.ExitCodeIncomplete:    "proc.ExitCodeIncomplete",
	128 + int(syscall.SIGINT):  "128+SIGINT",
	128 + int(syscall.SIGTERM): "128+SIGTERM",
}

// TestDocs_ExitCodesMatchConstants checks every exit code the docs name
// against proc's constants and 128+signal, and that a line about the force
// quit names proc.ExitCodeForceQuit. Generated drill tables (text blocks)
// are left out.
func TestDocs_ExitCodesMatchConstants(t *testing.T) {
	inTable := map[string]bool{}
	for _, l := range allLines(t) {
		if l.fence == "text" || l.fence == "sh" || l.fence == "yaml" {
			continue
		}
		var codes []int
		for _, m := range exitRE.FindAllStringSubmatch(l.text, -1) {
			if s := m[1] + m[2] + m[3]; !strings.Contains(s, ".") { // "exits 2.49 s after" is a time
				codes = append(codes, atoi(s))
			}
		}
		if strings.HasPrefix(l.text, "| code") || strings.HasPrefix(l.text, "| 退出码") {
			inTable[l.file] = true
		} else if !strings.HasPrefix(l.text, "|") {
			inTable[l.file] = false
		}
		if m := exitRowRE.FindStringSubmatch(l.text); m != nil && inTable[l.file] {
			codes = append(codes, atoi(m[1]))
			if m[2] != "" {
				codes = append(codes, atoi(m[2]))
			}
		}
		for _, c := range codes {
			if _, ok := exitCodes[c]; !ok {
				t.Errorf("%s: exit code %d is none of the codes a process exits with (%v)", l, c, exitCodes)
			}
		}
		if forceRE.MatchString(l.text) && len(codes) > 0 && !containsInt(codes, proc.ExitCodeForceQuit) &&
			!strings.Contains(l.text, "signal") && !strings.Contains(l.text, "信号") {
			t.Errorf("%s: a force quit exits %d (proc.ExitCodeForceQuit), the line says %v", l, proc.ExitCodeForceQuit, codes)
		}
	}
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

func containsInt(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
