"""Reference prices and greeks of European options to 30 digits (mpmath),
for the accuracy columns of `make bench` (bench/peers.mjs).

    python3 bench/reference-options.py > bench/reference-options.json

Black-Scholes-Merton without dividends (carry q = 0); theta per year
(-dV/dT), vega per 1.00 of volatility. Cases: the Hull / QuantLib vector of
shared/reference/vectors.md, py_vollib's, at the money, deep out of the money
(prices from 1e-10 down to 1e-119) and a short-dated one.
"""
import json
from mpmath import mp, mpf, sqrt, log, exp, erfc, pi

mp.dps = 40

def N(x):
    return erfc(-x / sqrt(2)) / 2

def n(x):
    return exp(-x * x / 2) / sqrt(2 * pi)

def bsm(kind, s, k, t, r, v):
    s, k, t, r, v = map(mpf, (s, k, t, r, v))
    d1 = (log(s / k) + (r + v * v / 2) * t) / (v * sqrt(t))
    d2 = d1 - v * sqrt(t)
    df = exp(-r * t)
    if kind == "call":
        price = s * N(d1) - k * df * N(d2)
        delta = N(d1)
        theta = -s * n(d1) * v / (2 * sqrt(t)) - r * k * df * N(d2)
    else:
        price = k * df * N(-d2) - s * N(-d1)
        delta = N(d1) - 1
        theta = -s * n(d1) * v / (2 * sqrt(t)) + r * k * df * N(-d2)
    gamma = n(d1) / (s * v * sqrt(t))
    vega = s * n(d1) * sqrt(t)
    return {"price": price, "delta": delta, "gamma": gamma, "vega": vega, "theta": theta}

CASES = [
    ("Hull call S=42 K=40 r=0.10 σ=0.20 T=0.5", "call", 42, 40, 0.5, 0.10, 0.20),
    ("Hull put S=42 K=40 r=0.10 σ=0.20 T=0.5", "put", 42, 40, 0.5, 0.10, 0.20),
    ("py_vollib call S=K=1000 r=0.05 σ=0.3 T=0.5", "call", 1000, 1000, 0.5, 0.05, 0.3),
    ("py_vollib put S=900 K=1000 σ=2 T=0.01", "put", 900, 1000, 0.01, 0.05, 2.0),
    ("at the money, 1 year", "call", 100, 100, 1.0, 0.03, 0.5),
    ("deep OTM call K=2S σ=0.2 T=0.25", "call", 100, 200, 0.25, 0.03, 0.2),
    ("very deep OTM call K=3S σ=0.15 T=0.1", "call", 100, 300, 0.1, 0.03, 0.15),
    ("deep OTM put K=S/2 σ=0.25 T=0.2", "put", 100, 50, 0.2, 0.03, 0.25),
    ("short-dated OTM call, 1 day", "call", 3000, 3300, 1 / 365, 0.05, 0.6),
]

out = []
for label, kind, s, k, t, r, v in CASES:
    g = bsm(kind, s, k, t, r, v)
    out.append({
        "label": label, "kind": kind, "spot": s, "strike": k, "years": t, "rate": r, "vol": v,
        **{name: float(value) for name, value in g.items()},
    })
print(json.dumps(out, indent=1))
