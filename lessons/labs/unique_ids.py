#!/usr/bin/env python3
"""Unique ids without coordination: the node's own id plus a counter only this node uses.

Two nodes never produce the same id, because their ids start with different node names, and one
node never produces the same id twice, because its counter only goes up. No node asks any other,
so every node keeps handing out ids through a partition: the scheme is available.

Run it:  quorum lab test -w unique-ids --bin lessons/labs/unique_ids.py --node-count 3 \
             --time-limit 10 --nemesis partition --nemesis-interval 2
"""
import json
import sys

node_id = None
next_msg_id = 0
generated = 0  # how many ids this node has handed out


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
    elif kind == "generate":
        generated += 1
        # "n1-17": unique across nodes (the prefix) and over time (the counter).
        reply(message, {"type": "generate_ok", "id": f"{node_id}-{generated}"})
    elif "msg_id" in body:
        reply(message, {"type": "error", "code": 10, "text": "not supported: " + kind})
