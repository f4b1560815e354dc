#!/usr/bin/env python3
"""BROKEN ON PURPOSE: keeps each broadcast value to itself and never forwards it.

What is wrong: a value broadcast to n0 is only ever in n0's read; the other nodes never hear it.
Which check catches it: the broadcast workload's final reads, one per node after the run; every
node lacks the values broadcast to the others, so the verdict is invalid.

Run it:  quorum lab test -w broadcast --bin lessons/labs/broken/broadcast_local.py --node-count 5 --time-limit 10
"""
import json
import sys

node_id = None
next_msg_id = 0
messages = set()


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
    elif kind == "topology":
        reply(message, {"type": "topology_ok"})  # the bug: the neighbours are never used
    elif kind == "broadcast":
        messages.add(body["message"])
        reply(message, {"type": "broadcast_ok"})
    elif kind == "read":
        reply(message, {"type": "read_ok", "messages": sorted(messages)})
