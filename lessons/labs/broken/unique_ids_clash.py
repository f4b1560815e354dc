#!/usr/bin/env python3
"""BROKEN ON PURPOSE: ids are a local counter alone, without the node's id.

What is wrong: every node counts 1, 2, 3, ... on its own, so n0 and n1 both hand out 1.
With one node it would pass; with two or more the ids clash.
Which check catches it: the unique-ids workload collects every generated id and reports the
duplicates, so the verdict is invalid.

Run it:  quorum lab test -w unique-ids --bin lessons/labs/broken/unique_ids_clash.py --node-count 3 --time-limit 5
"""
import json
import sys

node_id = None
next_msg_id = 0
generated = 0


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
    elif body["type"] == "generate":
        generated += 1
        reply(message, {"type": "generate_ok", "id": generated})  # the bug: no node id
