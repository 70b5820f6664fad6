package timeline

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
	"time"
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

// TestSVGLegend names the classes as the legend says, and AddAt counts an
// event in the bucket of its time.
func TestSVGLegend(t *testing.T) {
	a := New()
	a.AddAt(OK, a.Start().Add(-time.Second)) // before the start: first bucket
	a.AddAt(Failed, a.Start().Add(350*time.Millisecond))
	a.MarkAt("TERM", a.Start().Add(300*time.Millisecond))
	buckets, marks := a.snapshot()
	if len(buckets) != 4 || buckets[0][OK] != 1 || buckets[3][Failed] != 1 {
		t.Errorf("buckets %v, want 4 with OK in the first and Failed in the fourth", buckets)
	}
	if len(marks) != 1 || marks[0].At != 300*time.Millisecond {
		t.Errorf("marks %v, want TERM at 300ms", marks)
	}

	legend := Legend{
		Labels: [numClasses]string{"handled", "handled again", "never handled"},
		Totals: [numClasses]string{"handled", "again", "never"},
		Note:   "handler starts per 100 ms",
	}
	var buf bytes.Buffer
	if err := SVGLegend(&buf, "kafka", legend, []Panel{{"zerodown", a}}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{">handled again<", ">never handled<", ">handler starts per 100 ms<", "1 handled, 1 again, 0 never"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("picture lacks %q:\n%s", want, buf.String())
		}
	}
	if strings.Contains(buf.String(), "refused") {
		t.Errorf("picture has the calls legend:\n%s", buf.String())
	}
}
