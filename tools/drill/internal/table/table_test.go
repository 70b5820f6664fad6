package table

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRatio(t *testing.T) {
	tests := []struct {
		name string
		a, b Cell
		want string
	}{
		{name: "numbers", a: Int(3), b: Int(4), want: "0.75"},
		{name: "both zero", a: Int(0), b: Int(0), want: "="},
		{name: "only b zero", a: Int(2), b: Int(0), want: "inf"},
		{name: "text", a: Text("0 0 0"), b: Int(1), want: "-"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Ratio(tt.a, tt.b))
		})
	}
}

func TestTable_Write(t *testing.T) {
	tb := Table{A: "zerodown", B: "stock"}
	tb.Add("grpc unary", "calls ok", Int(100), Int(90))
	tb.Add("grpc unary", "calls failed", Int(0), Text("10 (Internal 10)"))
	tb.Add("idle", "SIGTERM→exit max", Num(0.012, "%.3fs"), Num(1.003, "%.3fs"))

	var out strings.Builder
	require.NoError(t, tb.Write(&out))
	want := `` +
		"scenario    metric            zerodown             stock  zerodown/stock\n" +
		"------------------------------------------------------------------------\n" +
		"grpc unary  calls ok               100                90            1.11\n" +
		"            calls failed             0  10 (Internal 10)               -\n" +
		"------------------------------------------------------------------------\n" +
		"idle        SIGTERM→exit max    0.012s            1.003s            0.01\n" +
		"------------------------------------------------------------------------\n"
	assert.Equal(t, want, out.String())
}
