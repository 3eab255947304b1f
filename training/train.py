"""Train ParcelDet on a YOLO-format dataset: from scratch, fine-tune, or resume after a kill.

    # from scratch on freshly simulated scans (generates the data first)
    python -m training.train --from-scratch --sim-count 2000 --out runs/ptd
    # fine-tune the shipped weights on an agency's own labelled scans
    python -m training.train --data /path/to/yolo_dataset --finetune runs/ptd/best.pt --out runs/ft
    # resume either after a kill: run the same command again with --resume

Every epoch writes last.pt (full state), best.pt (best val mAP50), history.json and curves.png.
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import os
import time
from pathlib import Path

import numpy as np
import torch

from inspector_app.simulation import THREAT_CLASSES
from training import data as D
from training.loss import DetectionLoss
from training.metrics import evaluate, postprocess
from training.model import ExportWrapper, ParcelDet, count_params

DEFAULT_CLASSES = list(THREAT_CLASSES)  # one source of truth: the simulator's classes


class EMA:
    """Exponential moving average of weights; the averaged model is the one evaluated/exported."""

    def __init__(self, model: torch.nn.Module, decay: float = 0.999, tau: float = 400.0) -> None:
        self.model = copy.deepcopy(model).eval()
        for p in self.model.parameters():
            p.requires_grad_(False)
        self.decay, self.tau, self.updates = decay, tau, 0

    @torch.no_grad()
    def update(self, model: torch.nn.Module) -> None:
        self.updates += 1
        d = self.decay * (1 - math.exp(-self.updates / self.tau))
        msd = model.state_dict()
        for k, v in self.model.state_dict().items():
            if v.dtype.is_floating_point:
                v.mul_(d).add_(msd[k].detach(), alpha=1 - d)
            else:
                v.copy_(msd[k])


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument(
        "--data",
        type=Path,
        nargs="+",
        help="YOLO dataset(s) (folder with images/ labels/ or data.yaml); several are joined",
    )
    p.add_argument("--val", type=Path, help="validation dataset (default: data.yaml 'val' split)")
    p.add_argument("--from-scratch", action="store_true", help="simulate train/val sets first")
    p.add_argument("--sim-count", type=int, default=2000, help="simulated training scans")
    p.add_argument("--sim-val-count", type=int, default=200, help="simulated validation scans")
    p.add_argument("--sim-seed", type=int, default=1_000_000, help="first training scan seed")
    p.add_argument("--sim-val-seed", type=int, default=2_000_000, help="first validation scan seed")
    p.add_argument(
        "--sim-dir", type=Path, default=Path("runs/data"), help="where simulated sets are kept"
    )
    p.add_argument("--finetune", type=Path, help="start from these weights (a .pt checkpoint)")
    p.add_argument("--out", type=Path, required=True, help="run folder (checkpoints, curves)")
    p.add_argument("--resume", action="store_true", help="continue from OUT/last.pt if present")
    p.add_argument("--epochs", type=int, default=60)
    p.add_argument("--img", type=int, default=384, help="training input size (multiple of 32)")
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--width", type=float, default=1.0, help="channel multiplier of the network")
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--weight-decay", type=float, default=5e-4)
    p.add_argument("--warmup", type=int, default=200, help="warm-up iterations")
    p.add_argument("--scale-aug", type=float, default=0.3)
    p.add_argument(
        "--colour-aug",
        type=float,
        default=0.0,
        help="colour jitter strength (0 = off, 1 = hue ±6°, saturation and darkness ×0.7–1.3)",
    )
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--time-limit", type=float, default=0.0, help="stop after N minutes (0: none)")
    p.add_argument(
        "--budget",
        type=float,
        default=0.0,
        help="train for N minutes of wall clock: the LR cosine follows elapsed time and is fully "
        "annealed when the budget is spent, however fast the (shared) machine turns out to be; "
        "--epochs becomes an upper bound",
    )
    p.add_argument("--val-limit", type=int, default=0, help="evaluate on at most N val scans")
    p.add_argument(
        "--bf16",
        action="store_true",
        help="bfloat16 autocast for forward and backward (oneDNN uses AMX / AVX-512-BF16 where "
        "the CPU has them); weights, optimiser, EMA and the loss stay float32",
    )
    p.add_argument(
        "--speed-test",
        type=int,
        default=0,
        metavar="STEPS",
        help="time STEPS training steps in float32 and in bf16 at --img/--batch/--width on "
        "synthetic batches, print img/s for each, and exit",
    )
    return p.parse_args(argv)


def train_step(
    model: torch.nn.Module,
    crit: DetectionLoss,
    opt: torch.optim.Optimizer,
    imgs: torch.Tensor,
    boxes: torch.Tensor,
    labels: torch.Tensor,
    mask: torch.Tensor,
    bf16: bool,
) -> tuple[torch.Tensor, dict[str, float]]:
    """One optimiser step; under bf16 the network runs in bfloat16, the loss in float32."""
    with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
        dist, logits, anchors = model(imgs)
    loss, parts = crit(dist.float(), logits.float(), anchors.float(), boxes, labels, mask)
    opt.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 10.0)
    opt.step()
    return loss, parts


def speed_test(args: argparse.Namespace, nc: int) -> dict[str, float]:
    """Training-step throughput (img/s) in float32 and bf16 on the same synthetic batches."""
    gen = torch.Generator().manual_seed(0)
    size, b = args.img, args.batch
    imgs = torch.rand(b, 3, size, size, generator=gen).contiguous(memory_format=torch.channels_last)
    xy = torch.rand(b, 3, 2, generator=gen) * (size * 0.7)
    wh = 20 + torch.rand(b, 3, 2, generator=gen) * (size * 0.25)
    boxes = torch.cat([xy, xy + wh], -1)
    labels = torch.randint(0, nc, (b, 3), generator=gen)
    mask = torch.ones(b, 3, dtype=torch.bool)
    crit = DetectionLoss()
    models = {}
    for name, bf16 in (("fp32", False), ("bf16", True)):
        torch.manual_seed(0)
        model = ParcelDet(nc, args.width).to(memory_format=torch.channels_last).train()
        opt = build_optimizer(model, 1e-3, 5e-4)
        for _ in range(2):  # warm-up: oneDNN picks kernels on first use
            train_step(model, crit, opt, imgs, boxes, labels, mask, bf16)
        models[name] = (model, opt, bf16)
    # rounds alternate the two modes so that load from other jobs hits both alike; best round
    # per mode is the machine's speed, the median what a shared machine gives
    rates: dict[str, list[float]] = {"fp32": [], "bf16": []}
    for _ in range(3):
        for name, (model, opt, bf16) in models.items():
            t = time.perf_counter()
            for _ in range(args.speed_test):
                train_step(model, crit, opt, imgs, boxes, labels, mask, bf16)
            rates[name].append(args.speed_test * b / (time.perf_counter() - t))
    out = {}
    for name, r in rates.items():
        out[name] = max(r)
        out[name + "_median"] = float(np.median(r))
        print(
            f"{name}: best {max(r):.1f} img/s, median {np.median(r):.1f} img/s (img {size}, "
            f"batch {b}, width {args.width}, {args.threads} threads)",
            flush=True,
        )
    print(f"bf16 / fp32 speed: x{out['bf16'] / out['fp32']:.2f}", flush=True)
    # accuracy: the same weights (the --finetune ones if given), loss and gradient in each mode
    model = ParcelDet(nc, args.width).to(memory_format=torch.channels_last).train()
    if args.finetune:
        ck = torch.load(args.finetune, map_location="cpu", weights_only=False)
        model.load_state_dict(ck.get("ema") or ck["model"], strict=False)
    grads, losses = {}, {}
    for name, bf16 in (("fp32", False), ("bf16", True)):
        m = copy.deepcopy(model)
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            dist, logits, anchors = m(imgs)
        loss, _ = crit(dist.float(), logits.float(), anchors.float(), boxes, labels, mask)
        loss.backward()
        losses[name] = float(loss.detach())
        grads[name] = torch.cat([p.grad.flatten() for p in m.parameters() if p.grad is not None])
    cos = float(torch.nn.functional.cosine_similarity(grads["fp32"], grads["bf16"], dim=0))
    rel = abs(losses["bf16"] - losses["fp32"]) / max(abs(losses["fp32"]), 1e-9)
    out.update(loss_rel_diff=rel, grad_cosine=cos)
    print(
        f"same batch: loss fp32 {losses['fp32']:.4f} bf16 {losses['bf16']:.4f} "
        f"(rel. diff {rel:.4f}), gradient cosine similarity {cos:.4f}",
        flush=True,
    )
    return out


def build_optimizer(model: torch.nn.Module, lr: float, wd: float) -> torch.optim.Optimizer:
    """AdamW with weight decay on conv weights only (not BN, not biases)."""
    decay, no_decay = [], []
    for name, p in model.named_parameters():
        (decay if p.ndim == 4 and "bn" not in name else no_decay).append(p)
    return torch.optim.AdamW(
        [{"params": decay, "weight_decay": wd}, {"params": no_decay, "weight_decay": 0.0}],
        lr=lr,
        betas=(0.9, 0.999),
    )


def lr_at(step: int, total: int, base: float, warmup: int, progress: float | None = None) -> float:
    """Warm-up, then cosine to 5 % of base; ``progress`` (0..1 of a time budget) overrides steps."""
    if step < warmup:
        return base * (0.1 + 0.9 * step / warmup)
    t = (step - warmup) / max(1, total - warmup) if progress is None else progress
    return base * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * min(1.0, t))))


@torch.no_grad()
def run_eval(
    model: torch.nn.Module, samples: list[D.Sample], size: int, num_classes: int, batch: int = 16
) -> dict:
    """Score a model on cached samples with the same decode the ONNX export uses."""
    wrapper = ExportWrapper(model).eval()
    preds, gts = [], []
    for i in range(0, len(samples), batch):
        items = [D.plain(s, size) for s in samples[i : i + batch]]
        imgs, _, _, _ = D.collate(items)
        out = wrapper(imgs).numpy()
        for o, (_, b, lab) in zip(out, items, strict=True):
            preds.append(postprocess(o))
            gts.append((b, lab))
    return evaluate(preds, gts, num_classes)


def plot_curves(history: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ep = [h["epoch"] for h in history]
    fig, ax = plt.subplots(1, 3, figsize=(15, 4))
    for key in ("loss", "cls", "box"):
        ax[0].plot(ep, [h[key] for h in history], label=key)
    ax[0].set_title("training loss")
    ax[0].set_xlabel("epoch")
    ax[0].legend()
    ax[1].plot(ep, [h["val"]["map50"] for h in history], label="val mAP50")
    ax[1].plot(ep, [h["val"].get("pd") or 0 for h in history], label="val Pd @ Pfa<=0.05")
    ax[1].set_ylim(0, 1)
    ax[1].set_title("validation")
    ax[1].set_xlabel("epoch")
    ax[1].legend()
    names = history[-1].get("classes", [])
    last = history[-1]["val"]["ap50"]
    keys = sorted(int(k) for k in last)
    ax[2].barh(
        [names[k] if k < len(names) else str(k) for k in keys],
        [last[k] if k in last else last[str(k)] for k in keys],
    )
    ax[2].set_xlim(0, 1)
    ax[2].set_title(f"val AP50 per class (epoch {ep[-1]})")
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)


def prepare_data(args: argparse.Namespace) -> tuple[list[Path], Path]:
    """Resolve (train sets, val set), simulating them first for --from-scratch."""
    if args.from_scratch:
        from training.simdata import simulate_dataset

        root = args.sim_dir
        train = simulate_dataset(
            root / f"train-{args.sim_seed}-{args.sim_count}", args.sim_count, args.sim_seed
        )
        val = simulate_dataset(
            root / f"val-{args.sim_val_seed}-{args.sim_val_count}",
            args.sim_val_count,
            args.sim_val_seed,
        )
        return [train], val
    if not args.data:
        raise SystemExit("give --data DATASET or --from-scratch")
    if args.val is not None:
        return list(args.data), args.val
    first = args.data[0]
    cfg = first / "data.yaml" if first.is_dir() else first
    if cfg.is_file():
        import yaml

        if (yaml.safe_load(cfg.read_text()) or {}).get("val"):
            if D.image_dirs(first, "val") == D.image_dirs(first, "train"):
                print(
                    "warning: data.yaml's val split is the training images; give --val for an "
                    "honest validation figure",
                    flush=True,
                )
            return list(args.data), first
    raise SystemExit("no validation set: give --val DATASET (or a data.yaml with a 'val' entry)")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    os.environ.setdefault("OMP_NUM_THREADS", str(args.threads))
    import cv2

    cv2.setNumThreads(1)
    if args.speed_test:
        speed_test(args, len(DEFAULT_CLASSES))
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(args.seed)

    train_roots, val_root = prepare_data(args)
    classes = D.read_names(train_roots[0]) or DEFAULT_CLASSES
    nc = len(classes)
    t0 = time.time()
    train_set = [s for root in train_roots for s in D.load_samples(root, args.img, "train")]
    val_set = D.load_samples(val_root, args.img, "val", limit=args.val_limit or None)
    print(
        f"loaded {len(train_set)} train / {len(val_set)} val scans in {time.time() - t0:.0f}s; "
        f"classes={classes}",
        flush=True,
    )

    model = ParcelDet(nc, args.width)
    start_epoch, step, history, best = 0, 0, [], -1.0
    last = args.out / "last.pt"
    if args.resume and last.is_file():
        ck = torch.load(last, map_location="cpu", weights_only=False)
        model.load_state_dict(ck["model"])
    elif args.finetune:
        ck = torch.load(args.finetune, map_location="cpu", weights_only=False)
        state = ck.get("ema") or ck["model"]
        own = model.state_dict()
        kept = {k: v for k, v in state.items() if k in own and own[k].shape == v.shape}
        model.load_state_dict(kept, strict=False)
        print(
            f"fine-tuning from {args.finetune}: {len(kept)}/{len(own)} tensors reused", flush=True
        )
    model = model.to(memory_format=torch.channels_last)  # ~10 % faster conv on CPU
    ema = EMA(model)
    opt = build_optimizer(model, args.lr, args.weight_decay)
    if args.resume and last.is_file():
        ema.model.load_state_dict(ck["ema"])
        ema.updates = ck["ema_updates"]
        opt.load_state_dict(ck["optimizer"])
        start_epoch, step, history, best = ck["epoch"] + 1, ck["step"], ck["history"], ck["best"]
        print(f"resumed from {last} at epoch {start_epoch}", flush=True)
    print(f"model: {count_params(model) / 1e6:.2f} M params, width {args.width}", flush=True)

    crit = DetectionLoss()
    iters = len(train_set) // args.batch
    total = iters * args.epochs
    deadline = time.time() + args.time_limit * 60 if args.time_limit else None
    budget_s = args.budget * 60
    spent = ck.get("spent_s", 0.0) if args.resume and last.is_file() else 0.0
    for epoch in range(start_epoch, args.epochs):
        model.train()
        rng = np.random.default_rng([args.seed, epoch])
        order = rng.permutation(len(train_set))
        sums = {"loss": 0.0, "cls": 0.0, "box": 0.0}
        te = time.time()
        spent_before = spent
        for it in range(iters):
            spent = spent_before + time.time() - te
            progress = min(1.0, spent / budget_s) if budget_s else None
            if progress is not None and progress >= 1.0 and it > 0:
                iters = it  # budget spent: evaluate and save what we have
                break
            batch = [
                D.augment(train_set[j], args.img, rng, args.scale_aug, colour=args.colour_aug)
                for j in order[it * args.batch : (it + 1) * args.batch]
            ]
            imgs, boxes, labels, mask = D.collate(batch)
            imgs = imgs.contiguous(memory_format=torch.channels_last)
            for g in opt.param_groups:
                g["lr"] = lr_at(step, total, args.lr, args.warmup, progress)
            loss, parts = train_step(model, crit, opt, imgs, boxes, labels, mask, args.bf16)
            ema.update(model)
            step += 1
            sums["loss"] += float(loss.detach())
            sums["cls"] += parts["cls"]
            sums["box"] += parts["box"]
            if it % 20 == 0:
                rate = (it + 1) * args.batch / (time.time() - te)
                print(
                    f"ep {epoch} it {it}/{iters} loss {float(loss.detach()):.3f} "
                    f"cls {parts['cls']:.3f} box {parts['box']:.3f} "
                    f"lr {opt.param_groups[0]['lr']:.5f} {rate:.1f} img/s",
                    flush=True,
                )
        val = run_eval(ema.model, val_set, args.img, nc)
        spent = spent_before + time.time() - te  # the budget is wall clock: evaluation counts
        rec = {k: v / max(1, iters) for k, v in sums.items()}
        rec.update(epoch=epoch, step=step, val=val, classes=classes, seconds=time.time() - te)
        history.append(rec)
        print(
            f"epoch {epoch}: loss {rec['loss']:.3f} val mAP50 {val['map50']:.3f} Pd {val['pd']} "
            f"AP50 {val['ap50']} ({rec['seconds']:.0f}s)",
            flush=True,
        )
        meta = {"classes": classes, "width": args.width, "img": args.img, "args": vars(args)}
        state = {
            "model": model.state_dict(),
            "ema": ema.model.state_dict(),
            "ema_updates": ema.updates,
            "optimizer": opt.state_dict(),
            "epoch": epoch,
            "step": step,
            "history": history,
            "best": max(best, val["map50"]),
            "spent_s": spent,
            **meta,
        }
        torch.save(state, args.out / "last.tmp")
        os.replace(args.out / "last.tmp", last)
        if val["map50"] > best:
            best = val["map50"]
            torch.save(
                {"ema": ema.model.state_dict(), "epoch": epoch, "val": val, **meta},
                args.out / "best.pt",
            )
        (args.out / "history.json").write_text(json.dumps(history, indent=1, default=str))
        plot_curves(history, args.out / "curves.png")
        if deadline and time.time() > deadline:
            print("time limit reached; resume with --resume", flush=True)
            break
        if budget_s and spent >= budget_s:
            print(f"time budget of {args.budget:g} min spent; LR fully annealed", flush=True)
            break
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
