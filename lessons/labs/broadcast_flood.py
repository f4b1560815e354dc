#!/usr/bin/env python3
"""Broadcast by flooding: pass each new value to every topology neighbour, once, and forget it.

A node that hears a value for the first time forwards it to its neighbours, except the one it
came from; a value it already has goes no further, so the flood stops. Nothing is ever
acknowledged or sent again. With no faults every node hears every value. Across a partition a
forward is lost, nobody notices, and the nodes on the far side never hear that value: try
--nemesis partition.

Run it:  quorum lab test -w broadcast --bin lessons/labs/broadcast_flood.py --node-count 5 \
             --time-limit 20 --rate 10
"""
import json
import sys

node_id = None
next_msg_id = 0
neighbours = []  # from the topology message
messages = set()  # every value this node has seen


def send(dest, body):
    global next_msg_id
    next_msg_id += 1
    body = dict(body, msg_id=next_msg_id)
    print(json.dumps({"src": node_id, "dest": dest, "body": body}), flush=True)


def reply(request, body):
    send(request["src"], dict(body, in_reply_to=request["body"]["msg_id"]))


def spread(value, came_from):
    """Keep a value seen for the first time and forward it, fire and forget."""
    if value in messages:
        return  # seen before: already forwarded, so the flood ends here
    messages.add(value)
    for neighbour in neighbours:
        if neighbour != came_from:
            send(neighbour, {"type": "forward", "message": value})


for line in sys.stdin:
    message = json.loads(line)
    body = message["body"]
    kind = body["type"]

    if kind == "init":
        node_id = body["node_id"]
        reply(message, {"type": "init_ok"})
    elif kind == "topology":
        neighbours = body["topology"].get(node_id, [])
        reply(message, {"type": "topology_ok"})
    elif kind == "broadcast":
        spread(body["message"], came_from=None)
        reply(message, {"type": "broadcast_ok"})
    elif kind == "forward":
        spread(body["message"], came_from=message["src"])  # no reply: nobody waits for one
    elif kind == "read":
        reply(message, {"type": "read_ok", "messages": sorted(messages)})
