package report

import (
	"bytes"
	"fmt"
	"strings"
	"text/tabwriter"
	"unicode/utf8"
)

const (
	// MaxFileSize is the most Kubernetes reads of a termination message:
	// the file written to [Conf].TerminationLogPath is cut to it.
	MaxFileSize = 4096
	// truncated ends a text that was cut.
	truncated = "\n... (truncated)\n"
	// maxErrorLen bounds the error text kept for each hook.
	maxErrorLen = 200
)

// String returns the report as text for people: the summary on the first
// lines, then the phases and the hooks, one per line.
func (r Report) String() string {
	var b bytes.Buffer
	fmt.Fprintf(&b, "shutdown %s in %v", r.Outcome, round(r.Duration))
	if r.Trigger != "" {
		fmt.Fprintf(&b, " (trigger: %s)", r.Trigger)
	}
	b.WriteByte('\n')
	if r.Reason != "" {
		fmt.Fprintf(&b, "reason: %s\n", r.Reason)
	}
	if len(r.Running) > 0 {
		fmt.Fprintf(&b, "force quit with hooks still running: %s\n", strings.Join(r.Running, ", "))
	}
	writeList(&b, "cut at the drain's end", r.Cut)
	writeList(&b, "hooks abandoned", r.Abandoned)
	writeList(&b, "hooks never started", r.Skipped)
	writeUpgrades(&b, r.Upgrades)
	writeInFlight(&b, "in flight at drain start", r.InFlight)
	writeInFlight(&b, "left in flight at the end", r.LeftInFlight)

	w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	if len(r.Phases) > 0 {
		fmt.Fprintln(w, "phases:")
	}
	for _, p := range r.Phases {
		cut := ""
		if !p.Done {
			cut = "\tcut off"
		}
		if p.Budget > 0 {
			cut += fmt.Sprintf("\tby +%v", round(p.Budget))
		}
		fmt.Fprintf(w, "  %s\t+%v\t%v%s\n", p.Name, round(p.Start), round(p.Duration), cut)
	}
	if len(r.Hooks) > 0 {
		fmt.Fprintln(w, "hooks:")
	}
	for _, h := range r.Hooks {
		outcome := h.Outcome
		if h.Error != "" {
			outcome += ": " + h.Error
		}
		fmt.Fprintf(w, "  %s\t%s\t+%v\t%v\t%s\n", h.Phase, h.Name, round(h.Start), round(h.Duration), outcome)
	}
	_ = w.Flush() // writes to a bytes.Buffer cannot fail
	return b.String()
}

func writeList(b *bytes.Buffer, title string, items []string) {
	if len(items) > 0 {
		fmt.Fprintf(b, "%s: %s\n", title, strings.Join(items, ", "))
	}
}

func writeInFlight(b *bytes.Buffer, title string, counts []InFlight) {
	if len(counts) == 0 {
		return
	}
	parts := make([]string, len(counts))
	for i, c := range counts {
		parts[i] = fmt.Sprintf("%s %s %d", c.Server, c.Kind, c.N)
	}
	fmt.Fprintf(b, "%s: %s\n", title, strings.Join(parts, ", "))
}

// truncate returns text cut to at most max bytes, keeping the head: it cuts
// at the last line break that leaves room for a marker, or mid-line at a rune
// boundary if there is none, and ends with the marker.
func truncate(text string, max int) string {
	if len(text) <= max {
		return text
	}
	head := cut(text, max-len(truncated))
	if i := strings.LastIndexByte(head, '\n'); i > 0 {
		head = head[:i]
	}
	return head + truncated
}

// shortError returns the first line of err's text, at most maxErrorLen
// bytes: a panic's stack is logged by proc, not repeated here.
func shortError(err error) string {
	if err == nil {
		return ""
	}
	s, _, _ := strings.Cut(err.Error(), "\n")
	if len(s) > maxErrorLen {
		s = cut(s, maxErrorLen) + "..."
	}
	return s
}

// cut returns the first n bytes of s, or fewer so as not to split a rune.
func cut(s string, n int) string {
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
