#!/usr/bin/env python3
"""BROKEN ON PURPOSE: each node counts only the adds it received, and never shares them.

What is wrong: the counter is split into one private count per node; no node knows the total.
Which check catches it: the g-counter workload's final reads must each equal the sum of all
acknowledged adds; each node reports only its own share, so the verdict is invalid (with one
node it would pass: the bug needs a second node to show).

Run it:  quorum lab test -w g-counter --bin lessons/labs/broken/counter_local.py --node-count 3 --time-limit 10
"""
import json
import sys

node_id = None
next_msg_id = 0
count = 0


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
    kind = body["type"]
    if kind == "init":
        node_id = body["node_id"]
        reply(message, {"type": "init_ok"})
    elif kind == "add":
        count += body["delta"]  # the bug: only this node ever sees it
        reply(message, {"type": "add_ok"})
    elif kind == "read":
        reply(message, {"type": "read_ok", "value": count})
