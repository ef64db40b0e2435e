package kick

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestNewResult(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		giveBody string
		want     *Result
	}{
		{name: "array", giveBody: `{"message":"kicked","member_id":["10"],"api_id":"a"}`,
			want: &Result{Message: "kicked", MemberIDs: []string{"10"}, APIID: "a"}},
		{name: "all", giveBody: `{"message":"kicked","member_id":["all"]}`,
			want: &Result{Message: "kicked", MemberIDs: []string{"all"}}},
		{name: "string", giveBody: `{"member_id":"10"}`, want: &Result{MemberIDs: []string{"10"}}},
		{name: "comma string", giveBody: `{"member_id":"10,11"}`, want: &Result{MemberIDs: []string{"10", "11"}}},
		{name: "number", giveBody: `{"member_id":10}`, want: &Result{MemberIDs: []string{"10"}}},
		{name: "empty array", giveBody: `{"member_id":[]}`, want: &Result{MemberIDs: []string{}}},
		{name: "null", giveBody: `{"member_id":null}`, want: &Result{}},
		{name: "empty string", giveBody: `{"member_id":""}`, want: &Result{}},
		{name: "object", giveBody: `{"member_id":{"a":1}}`, want: &Result{}},
		{name: "requestId", giveBody: `{"requestId":"r"}`, want: &Result{APIID: "r"}},
		{name: "empty body", giveBody: ``, want: &Result{}},
		{name: "text body", giveBody: `kicked`, want: &Result{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := newResult(202, []byte(tt.giveBody))
			tt.want.StatusCode = 202
			tt.want.Body = []byte(tt.giveBody)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestResult_Format(t *testing.T) {
	t.Parallel()
	r := &Result{StatusCode: 202, Message: "kicked", MemberIDs: []string{"10"}, APIID: "a1",
		Body: []byte(`{"message":"kicked"}`)}
	tests := []struct {
		format string
		want   string
	}{
		{format: "%v", want: "202 Accepted: kicked [10] (api_id a1)"},
		{format: "%s", want: "202 Accepted: kicked [10] (api_id a1)"},
		{format: "%q", want: `"202 Accepted: kicked [10] (api_id a1)"`},
		{format: "%+v", want: `{StatusCode:202 Message:kicked MemberIDs:[10] APIID:a1 Body:{"message":"kicked"}}`},
		{format: "%#v", want: `kick.Result{StatusCode:202, Message:"kicked", MemberIDs:[]string{"10"}, APIID:"a1", Body:[]byte("{\"message\":\"kicked\"}")}`},
		{format: "%d", want: "%!d(kick.Result=202 Accepted: kicked [10] (api_id a1))"},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, fmt.Sprintf(tt.format, r), "pointer")
			assert.Equal(t, tt.want, fmt.Sprintf(tt.format, *r), "value")
		})
	}
}

func TestResult_String_empty(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "204 No Content", Result{StatusCode: 204}.String())
}
