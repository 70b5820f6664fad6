package timeline

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
)

// TestSVG writes a well-formed picture with one bar block per class seen,
// the marks, and the totals of each panel.
func TestSVG(t *testing.T) {
	a, b := New(), New()
	for range 5 {
		a.Add(OK)
	}
	a.Mark("HUP")
	b.Add(OK)
	b.Mark("TERM")
	b.Add(Refused)
	b.Add(Failed)

	var buf bytes.Buffer
	if err := SVG(&buf, "in-place upgrade", []Panel{{"zerodown", a}, {"stock", b}}); err != nil {
		t.Fatal(err)
	}
	dec := xml.NewDecoder(bytes.NewReader(buf.Bytes()))
	rects, lines := 0, 0
	for {
		tok, err := dec.Token()
		if err != nil {
			if err.Error() != "EOF" {
				t.Fatalf("not well-formed XML: %v\n%s", err, buf.String())
			}
			break
		}
		if se, ok := tok.(xml.StartElement); ok {
			switch se.Name.Local {
			case "rect":
				rects++
			case "line":
				lines++
			}
		}
	}
	// background + 4 blocks (ok | ok, failed, refused) + 3 legend squares
	if rects != 1+4+3 {
		t.Errorf("%d rects, want 8:\n%s", rects, buf.String())
	}
	// 2 axes per panel + 1 mark per panel
	if lines != 6 {
		t.Errorf("%d lines, want 6", lines)
	}
	for _, want := range []string{"5 ok, 0 failed, 0 refused", "1 ok, 1 failed, 1 refused", ">HUP<", ">TERM<"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("picture lacks %q", want)
		}
	}
}
