#!/usr/bin/env python3
"""BROKEN ON PURPOSE: answers every echo with the payload upper-cased.

What is wrong: an echo must come back exactly as it was sent; "hi" comes back as "HI".
Which check catches it: the echo workload compares every echo_ok with its request, so the verdict
is invalid and names the mismatched payload.

Run it:  quorum lab test -w echo --bin lessons/labs/broken/echo_wrong.py --node-count 1 --time-limit 5
"""
import json
import sys

node_id = None
next_msg_id = 0


def send(dest, body):
    global next_msg_id
    next_msg_id += 1
    body = dict(body, msg_id=next_msg_id)
    print(json.dumps({"src": node_id, "dest": dest, "body": body}), flush=True)


def reply(request, body):
    send(request["src"], dict(body, in_reply_to=request["body"]["msg_id"]))


for line in sys.stdin:
    message = json.loads(line)
    body = message["body"]
    if body["type"] == "init":
        node_id = body["node_id"]
        reply(message, {"type": "init_ok"})
    elif body["type"] == "echo":
        reply(message, {"type": "echo_ok", "echo": str(body["echo"]).upper()})  # the bug
