#!/usr/bin/env python3
"""An echo node: the smallest program that speaks the node protocol.

Messages arrive on stdin and leave on stdout, one JSON object per line:
    {"src": "c1", "dest": "n0", "body": {"type": "echo", "msg_id": 1, "echo": "hi"}}
stdout carries protocol messages only; anything for a human goes to stderr, the node's log.

Run it:  quorum lab test -w echo --bin lessons/labs/echo.py --node-count 1 --time-limit 5
"""
import json
import sys

node_id = None  # learnt from the init message
next_msg_id = 0  # every message this node sends gets its own, increasing id


def log(*words):
    print(*words, file=sys.stderr, flush=True)


def send(dest, body):
    """Write one message as one line of JSON, and flush: a line left in the buffer is a line
    the network never sees."""
    global next_msg_id
    next_msg_id += 1
    body = dict(body, msg_id=next_msg_id)
    print(json.dumps({"src": node_id, "dest": dest, "body": body}), flush=True)


def reply(request, body):
    """Answer a request: `in_reply_to` names the request's msg_id, so that the sender can tell
    which of its requests this answers."""
    send(request["src"], dict(body, in_reply_to=request["body"]["msg_id"]))


for line in sys.stdin:
    message = json.loads(line)
    body = message["body"]
    kind = body["type"]

    if kind == "init":
        # The first message: who am I, and who else is there. Answer before anything else.
        node_id = body["node_id"]
        log("I am", node_id, "of", body.get("node_ids"))
        reply(message, {"type": "init_ok"})
    elif kind == "echo":
        reply(message, {"type": "echo_ok", "echo": body["echo"]})
    elif "msg_id" in body:
        reply(message, {"type": "error", "code": 10, "text": "not supported: " + kind})
