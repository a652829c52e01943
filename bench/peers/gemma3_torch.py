#!/usr/bin/env python3
"""An independent PyTorch implementation of Gemma 3 (text), written from the architecture notes
(not from transformers), for Debian's python3-torch 1.13 (run with /usr/bin/python3).

Two jobs:
  fixtures  write the tiny reference fixtures of pipeline/src/model/families/fixtures/: for each, a
            Hugging Face folder (config.json, model.safetensors) and reference.safetensors with
            input_ids, labels, logits, loss and the gradients of a few named parameters.
              /usr/bin/python3 bench/peers/gemma3_torch.py fixtures --out pipeline/src/model/families/fixtures
  bench     time training steps on a random-weight model of a real shape (the PyTorch peer of
            `npm run bench -- train --model gemma-3-270m --method lora`); prints one JSON line.
              /usr/bin/python3 bench/peers/gemma3_torch.py bench --model gemma-3-270m --method lora --seq 512

Conventions (the same as transformers'): linear weights are stored [out, in]; norm weights are
zero-centred and act as (1 + w); the loss is the mean cross-entropy of logits[:, t] against
labels[:, t + 1] over labels that are not -100. Exit code 3 when torch is missing."""
import argparse
import json
import math
import os
import resource
import struct
import sys
import time

try:
    import torch
    import torch.nn.functional as F
except ImportError:
    print("python3-torch is not installed (apt-get install -y python3-torch)", file=sys.stderr)
    sys.exit(3)

# ---------------------------------------------------------------- safetensors (just what we need)
DTYPES = {"F32": (torch.float32, 4), "BF16": (torch.bfloat16, 2), "I64": (torch.int64, 8), "F16": (torch.float16, 2)}


def save_safetensors(path, tensors, metadata=None):
    """Tensors by name → file (header JSON sorted by name, data laid out in name order)."""
    header, chunks, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = metadata
    for name in sorted(tensors):
        t = tensors[name].contiguous()
        code = next(k for k, (dt, _) in DTYPES.items() if dt == t.dtype)
        raw = t.view(torch.int16).numpy().tobytes() if t.dtype == torch.bfloat16 else t.numpy().tobytes()
        header[name] = {"dtype": code, "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for c in chunks:
            f.write(c)
    os.replace(tmp, path)


def load_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        dt, size = DTYPES[e["dtype"]]
        b, end = e["data_offsets"]
        buf = bytearray(data[b:end])
        if dt == torch.bfloat16:
            t = torch.frombuffer(buf, dtype=torch.int16).view(torch.bfloat16)
        else:
            t = torch.frombuffer(buf, dtype=dt)
        out[name] = t.reshape(e["shape"]).clone()
    return out


# ---------------------------------------------------------------- config (both forms)
def normalise(cfg):
    """config.json → what the model needs: layer kinds and the rotary base/factor of each kind."""
    n = cfg["num_hidden_layers"]
    kinds = cfg.get("layer_types")
    if not kinds:
        pattern = cfg.get("sliding_window_pattern", 6)
        kinds = ["full_attention" if (i + 1) % pattern == 0 else "sliding_attention" for i in range(n)]
    if "rope_parameters" in cfg:
        rope = {}
        for kind, default_base in (("full_attention", 1e6), ("sliding_attention", 1e4)):
            p = cfg["rope_parameters"].get(kind) or {}
            factor = p.get("factor", 1.0) if p.get("rope_type", "default") == "linear" else 1.0
            rope[kind] = (p.get("rope_theta", default_base), factor)
    else:
        scaling = cfg.get("rope_scaling") or {}
        factor = scaling.get("factor", 1.0) if scaling.get("rope_type", scaling.get("type")) == "linear" else 1.0
        rope = {
            "full_attention": (cfg.get("rope_theta", 1e6), factor),
            "sliding_attention": (cfg.get("rope_local_base_freq", 1e4), 1.0),
        }
    return kinds, rope


# ---------------------------------------------------------------- the model, as plain functions
def rms(x, w, eps):
    x32 = x.float()
    return x32 * torch.rsqrt(x32.pow(2).mean(-1, keepdim=True) + eps) * (1.0 + w.float())


def rotate(x, positions, base, factor):
    """Rotary embedding, rotate-half form, over the whole head dimension. x [B, H, T, dh]."""
    dh = x.shape[-1]
    inv = 1.0 / (base ** (torch.arange(0, dh, 2, dtype=torch.float32) / dh)) / factor
    ang = positions.float()[:, :, None] * inv[None, None, :]  # [B, T, dh/2]
    cos = torch.cat([ang.cos(), ang.cos()], -1)[:, None]
    sin = torch.cat([ang.sin(), ang.sin()], -1)[:, None]
    half = dh // 2
    turned = torch.cat([-x[..., half:], x[..., :half]], -1)
    return x * cos + turned * sin


def forward(cfg, w, ids, lora=None):
    """Logits [B, T, vocab] for ids [B, T]; w maps Hugging Face names to tensors ([out, in])."""
    kinds, rope = normalise(cfg)
    eps = cfg.get("rms_norm_eps", 1e-6)
    H, KV = cfg["num_attention_heads"], cfg["num_key_value_heads"]
    dh = cfg.get("head_dim", 256)
    window = cfg.get("sliding_window", 4096)
    scale = cfg.get("query_pre_attn_scalar", 256) ** -0.5
    B, T = ids.shape
    positions = torch.arange(T)[None].expand(B, T)
    i = torch.arange(T)[:, None]
    j = torch.arange(T)[None, :]
    visible = {"full_attention": j <= i, "sliding_attention": (j <= i) & (j > i - window)}

    def lin(name, x):
        y = x @ w[name + ".weight"].t()
        if lora and name in lora:
            a, b, s = lora[name]
            y = y + (x @ a.t()) @ b.t() * s
        return y

    emb = w["model.embed_tokens.weight"]
    x = emb[ids] * torch.tensor(cfg["hidden_size"] ** 0.5, dtype=torch.float32)
    for layer, kind in enumerate(kinds):
        p = f"model.layers.{layer}."
        h = rms(x, w[p + "input_layernorm.weight"], eps)
        q = lin(p + "self_attn.q_proj", h).view(B, T, H, dh).transpose(1, 2)
        k = lin(p + "self_attn.k_proj", h).view(B, T, KV, dh).transpose(1, 2)
        v = lin(p + "self_attn.v_proj", h).view(B, T, KV, dh).transpose(1, 2)
        q = rotate(rms(q, w[p + "self_attn.q_norm.weight"], eps), positions, *rope[kind])
        k = rotate(rms(k, w[p + "self_attn.k_norm.weight"], eps), positions, *rope[kind])
        k = k.repeat_interleave(H // KV, dim=1)
        v = v.repeat_interleave(H // KV, dim=1)
        scores = (q @ k.transpose(-1, -2)) * scale
        scores = scores.masked_fill(~visible[kind], float("-inf"))
        att = scores.softmax(-1) @ v  # [B, H, T, dh]
        att = att.transpose(1, 2).reshape(B, T, H * dh)
        x = x + rms(lin(p + "self_attn.o_proj", att), w[p + "post_attention_layernorm.weight"], eps)
        n = rms(x, w[p + "pre_feedforward_layernorm.weight"], eps)
        g = F.gelu(lin(p + "mlp.gate_proj", n), approximate="tanh") * lin(p + "mlp.up_proj", n)
        x = x + rms(lin(p + "mlp.down_proj", g), w[p + "post_feedforward_layernorm.weight"], eps)
    x = rms(x, w["model.norm.weight"], eps)
    return x @ emb.t()


def causal_loss(logits, labels):
    """Mean cross-entropy of logits[:, t] against labels[:, t + 1], labels -100 ignored."""
    v = logits.shape[-1]
    return F.cross_entropy(logits[:, :-1].reshape(-1, v).float(), labels[:, 1:].reshape(-1), ignore_index=-100)


def param_shapes(cfg):
    d, inter, dh = cfg["hidden_size"], cfg["intermediate_size"], cfg.get("head_dim", 256)
    H, KV = cfg["num_attention_heads"], cfg["num_key_value_heads"]
    shapes = {"model.embed_tokens.weight": (cfg["vocab_size"], d), "model.norm.weight": (d,)}
    for i in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{i}."
        for n in ("input_layernorm", "post_attention_layernorm", "pre_feedforward_layernorm", "post_feedforward_layernorm"):
            shapes[p + n + ".weight"] = (d,)
        shapes[p + "self_attn.q_norm.weight"] = (dh,)
        shapes[p + "self_attn.k_norm.weight"] = (dh,)
        shapes[p + "self_attn.q_proj.weight"] = (H * dh, d)
        shapes[p + "self_attn.k_proj.weight"] = (KV * dh, d)
        shapes[p + "self_attn.v_proj.weight"] = (KV * dh, d)
        shapes[p + "self_attn.o_proj.weight"] = (d, H * dh)
        shapes[p + "mlp.gate_proj.weight"] = (inter, d)
        shapes[p + "mlp.up_proj.weight"] = (inter, d)
        shapes[p + "mlp.down_proj.weight"] = (d, inter)
    return shapes


def random_weights(cfg, seed, std=0.02, norm_std=0.0):
    g = torch.Generator().manual_seed(seed)
    out = {}
    for name, shape in sorted(param_shapes(cfg).items()):
        s = norm_std if len(shape) == 1 else std
        out[name] = torch.randn(shape, generator=g) * s if s else torch.zeros(shape)
    return out


# ---------------------------------------------------------------- fixtures
BASE = {
    "architectures": ["Gemma3ForCausalLM"],
    "model_type": "gemma3_text",
    "attention_bias": False,
    "attention_dropout": 0.0,
    "attn_logit_softcapping": None,
    "final_logit_softcapping": None,
    "hidden_activation": "gelu_pytorch_tanh",
    "initializer_range": 0.02,
    "rms_norm_eps": 1e-6,
    "bos_token_id": 2,
    "eos_token_id": [1, 6],
    "pad_token_id": 0,
    "tie_word_embeddings": True,
    "use_cache": True,
}

# name → (config, dtype, seed). Each: sliding window < sequence, ≥ 2 local layers and 1 global,
# kv heads < heads, query_pre_attn_scalar ≠ head_dim, linear rope scaling on global layers.
FIXTURES = {
    "gemma3-released": (
        {**BASE, "vocab_size": 40, "hidden_size": 16, "intermediate_size": 32, "num_hidden_layers": 3,
         "num_attention_heads": 2, "num_key_value_heads": 1, "head_dim": 16, "query_pre_attn_scalar": 20,
         "sliding_window": 4, "sliding_window_pattern": 3, "max_position_embeddings": 64,
         "rope_theta": 1000000.0, "rope_local_base_freq": 10000.0,
         "rope_scaling": {"factor": 8.0, "rope_type": "linear"}, "torch_dtype": "float32"},
        "F32", 11),
    "gemma3-hf5": (
        {**BASE, "vocab_size": 48, "hidden_size": 24, "intermediate_size": 40, "num_hidden_layers": 4,
         "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 8, "query_pre_attn_scalar": 12,
         "sliding_window": 5, "max_position_embeddings": 64,
         "layer_types": ["sliding_attention", "sliding_attention", "full_attention", "sliding_attention"],
         "rope_parameters": {"full_attention": {"rope_type": "linear", "factor": 4.0, "rope_theta": 1000.0},
                             "sliding_attention": {"rope_type": "default", "rope_theta": 50.0}},
         "dtype": "float32"},
        "F32", 12),
    "gemma3-bf16": (
        {**BASE, "vocab_size": 32, "hidden_size": 16, "intermediate_size": 24, "num_hidden_layers": 3,
         "num_attention_heads": 2, "num_key_value_heads": 1, "head_dim": 8, "query_pre_attn_scalar": 10,
         "sliding_window": 3, "sliding_window_pattern": 3, "max_position_embeddings": 64,
         "rope_theta": 1000.0, "rope_local_base_freq": 100.0,
         "rope_scaling": {"factor": 2.0, "rope_type": "linear"}, "torch_dtype": "bfloat16"},
        "BF16", 13),
}
GRAD_NAMES = [
    "model.embed_tokens.weight",
    "model.layers.0.self_attn.q_proj.weight",
    "model.layers.1.self_attn.k_norm.weight",
    "model.layers.2.mlp.down_proj.weight",
    "model.layers.0.post_feedforward_layernorm.weight",
    "model.norm.weight",
]
BATCH, SEQ = 2, 11


def fixture_inputs(cfg, seed):
    g = torch.Generator().manual_seed(seed + 1000)
    ids = torch.randint(0, cfg["vocab_size"], (BATCH, SEQ), generator=g)
    labels = ids.clone()
    labels[0, :3] = -100  # a masked prompt
    labels[1, 6] = -100
    return ids, labels


def write_fixture(out_dir, name, cfg, dtype, seed):
    w = random_weights(cfg, seed, std=0.25, norm_std=0.3)
    if dtype == "BF16":
        w = {k: v.to(torch.bfloat16) for k, v in w.items()}
    folder = os.path.join(out_dir, name)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2, sort_keys=True)
        f.write("\n")
    save_safetensors(os.path.join(folder, "model.safetensors"), w, {"format": "pt"})
    # The reference is computed in float32 from the stored (possibly bf16) values.
    w32 = {k: v.float().requires_grad_(True) for k, v in w.items()}
    ids, labels = fixture_inputs(cfg, seed)
    logits = forward(cfg, w32, ids)
    loss = causal_loss(logits, labels)
    loss.backward()
    ref = {"input_ids": ids, "labels": labels, "logits": logits.detach(), "loss": loss.detach().reshape([])}
    for g in GRAD_NAMES:
        ref["grad." + g] = w32[g].grad
    meta = {"generator": "bench/peers/gemma3_torch.py (independent implementation, torch %s)" % torch.__version__}
    save_safetensors(os.path.join(folder, "reference.safetensors"), ref, meta)
    print(f"{name}: loss {loss.item():.6f}, |logits| max {logits.abs().max().item():.3f}")


def run_fixtures(args):
    torch.manual_seed(0)
    for name, (cfg, dtype, seed) in FIXTURES.items():
        write_fixture(args.out, name, cfg, dtype, seed)


# ---------------------------------------------------------------- bench (real shapes, random weights)
SHAPES = {
    "gemma-3-270m": {"vocab_size": 262144, "hidden_size": 640, "intermediate_size": 2048, "num_hidden_layers": 18,
                     "num_attention_heads": 4, "num_key_value_heads": 1, "head_dim": 256},
    "gemma-3-1b": {"vocab_size": 262144, "hidden_size": 1152, "intermediate_size": 6912, "num_hidden_layers": 26,
                   "num_attention_heads": 4, "num_key_value_heads": 1, "head_dim": 256},
}


def run_bench(args):
    torch.set_num_threads(args.threads or os.cpu_count() or 1)
    cfg = {**BASE, **SHAPES[args.model], "query_pre_attn_scalar": 256, "sliding_window": 512,
           "sliding_window_pattern": 6, "rope_theta": 1e6, "rope_local_base_freq": 1e4}
    w = random_weights(cfg, 1)
    targets = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
    lora, trainable = {}, []
    if args.method == "lora":
        g = torch.Generator().manual_seed(2)
        for name, t in w.items():
            if name.endswith("_proj.weight") and name.split(".")[-2] in targets:
                fout, fin = t.shape
                a = ((torch.rand(args.rank, fin, generator=g) * 2 - 1) / math.sqrt(fin)).requires_grad_(True)
                b = torch.zeros(fout, args.rank, requires_grad=True)
                lora[name[: -len(".weight")]] = (a, b, args.alpha / args.rank)
                trainable += [a, b]
    else:
        for t in w.values():
            t.requires_grad_(True)
        trainable = list(w.values())
    opt = torch.optim.AdamW(trainable, lr=1e-4, betas=(0.9, 0.95), weight_decay=0.1)
    g = torch.Generator().manual_seed(3)
    ids = torch.randint(0, cfg["vocab_size"], (args.batch, args.seq), generator=g)
    times = []
    for step in range(args.warmup + args.steps):
        t0 = time.perf_counter()
        loss = causal_loss(forward(cfg, w, ids, lora), ids)
        loss.backward()
        opt.step()
        opt.zero_grad(set_to_none=True)
        if step >= args.warmup:
            times.append(time.perf_counter() - t0)
    step_s = sorted(times)[len(times) // 2]
    print(json.dumps({
        "tokens_per_s": args.batch * args.seq / step_s, "step_ms": step_s * 1000, "loss": loss.item(),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "threads": torch.get_num_threads(), "torch": torch.__version__,
    }))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    fx = sub.add_parser("fixtures")
    fx.add_argument("--out", required=True)
    bn = sub.add_parser("bench")
    bn.add_argument("--model", choices=sorted(SHAPES), default="gemma-3-270m")
    bn.add_argument("--method", choices=["lora", "full"], default="lora")
    bn.add_argument("--seq", type=int, default=512)
    bn.add_argument("--batch", type=int, default=1)
    bn.add_argument("--rank", type=int, default=16)
    bn.add_argument("--alpha", type=float, default=32)
    bn.add_argument("--steps", type=int, default=3)
    bn.add_argument("--warmup", type=int, default=1)
    bn.add_argument("--threads", type=int, default=0)
    args = ap.parse_args()
    run_fixtures(args) if args.cmd == "fixtures" else run_bench(args)


if __name__ == "__main__":
    main()
