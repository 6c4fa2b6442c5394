#pragma once

#include <google/protobuf/descriptor.h>

#include "absl/status/status.h"

namespace thidua::server {

// Why a request did not parse, as a field violation the caller can act on.
//
// Protobuf refuses a proto3 string that is not UTF-8 and names the field only in a log line
// ("String field 'thidua.plans.v1.ListPlansRequest.query' contains invalid UTF-8 data when parsing
// a protocol buffer"); gRPC's sync server parses a request before any code of ours sees its bytes
// and keeps none of them. So protobuf's log goes through a handler that notes, on the parsing
// thread, which field it refused, and the code that saw the parse fail on that thread turns the
// note into the field's path in the request.

// Sends protobuf's log lines to thidua's JSON log and keeps the notes above. Idempotent; called by
// GrpcServer::Start.
void RouteProtobufLog();

// Forgets a note left on this thread by an earlier parse: call it before a parse whose failure
// UnparsedRequest will explain, or after one that succeeded.
void ForgetParseNote();

// Notes that a raw handler got no message at all (an invalid ByteBuffer): the call ended before
// gRPC read its request, under overload typically, and nothing the caller sent was wrong.
void NoteNoMessage();

// CANCELLED after NoteNoMessage; otherwise INVALID_ARGUMENT (reason INVALID_ARGUMENT) for a message
// of type `request` (nullptr: unknown) that failed to parse on this thread just now: naming the
// field whose text is not UTF-8 by its path in the request
// ("plan.tasks.title"; a repeated field's index is not known), or "request" when the bytes are
// malformed otherwise (truncated, a wrong wire type). Takes this thread's note.
absl::Status UnparsedRequest(const google::protobuf::Descriptor* request);

}  // namespace thidua::server
