"""A compact anchor-free detector sized for CPU training.

CSP backbone (strides 4..32) + PAN neck + decoupled per-level heads that predict, for every grid
cell, class logits and (left, top, right, bottom) distances in stride units. ``decode`` turns that
into the app's "yolov8" layout: one tensor [B, 4 + C, N] with (cx, cy, w, h) in input pixels and
sigmoid scores, so the exported ONNX needs no post-processing beyond NMS.
"""

from __future__ import annotations

import math

import torch
from torch import nn
from torch.nn import functional as F

STRIDES = (8, 16, 32)


class Conv(nn.Module):
    """Conv + BatchNorm + SiLU, the only building block."""

    def __init__(self, c_in: int, c_out: int, k: int = 3, s: int = 1, groups: int = 1) -> None:
        super().__init__()
        self.conv = nn.Conv2d(c_in, c_out, k, s, k // 2, groups=groups, bias=False)
        self.bn = nn.BatchNorm2d(c_out, eps=1e-3, momentum=0.03)
        self.act = nn.SiLU(inplace=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.act(self.bn(self.conv(x)))


class Bottleneck(nn.Module):
    """Two 3x3 convs with a residual connection."""

    def __init__(self, c: int, shortcut: bool = True) -> None:
        super().__init__()
        self.cv1 = Conv(c, c, 3)
        self.cv2 = Conv(c, c, 3)
        self.add = shortcut

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.cv2(self.cv1(x))
        return x + y if self.add else y


class CSP(nn.Module):
    """Cross-stage-partial block: half the channels go through n bottlenecks, all are kept."""

    def __init__(self, c_in: int, c_out: int, n: int = 1, shortcut: bool = True) -> None:
        super().__init__()
        self.h = c_out // 2
        self.cv1 = Conv(c_in, 2 * self.h, 1)
        self.blocks = nn.ModuleList(Bottleneck(self.h, shortcut) for _ in range(n))
        self.cv2 = Conv((2 + n) * self.h, c_out, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        ys = list(self.cv1(x).chunk(2, 1))
        for block in self.blocks:
            ys.append(block(ys[-1]))
        return self.cv2(torch.cat(ys, 1))


class SPPF(nn.Module):
    """Fast spatial pyramid pooling: widens the receptive field of the deepest level cheaply."""

    def __init__(self, c: int) -> None:
        super().__init__()
        self.cv1 = Conv(c, c // 2, 1)
        self.cv2 = Conv(c * 2, c, 1)
        self.pool = nn.MaxPool2d(5, 1, 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.cv1(x)
        y1 = self.pool(x)
        y2 = self.pool(y1)
        return self.cv2(torch.cat((x, y1, y2, self.pool(y2)), 1))


class Head(nn.Module):
    """Decoupled head for one level: a box branch and a class branch."""

    def __init__(self, c: int, num_classes: int, stride: int) -> None:
        super().__init__()
        self.box = nn.Sequential(Conv(c, c, 3), Conv(c, c, 3, groups=c), nn.Conv2d(c, 4, 1))
        self.cls = nn.Sequential(
            Conv(c, c, 3), Conv(c, c, 3, groups=c), nn.Conv2d(c, num_classes, 1)
        )
        # Few objects per scan: start every cell near "background" so early loss is about boxes.
        prior = 5.0 / num_classes / (640 / stride) ** 2
        nn.init.constant_(self.cls[-1].bias, -math.log((1 - prior) / prior))
        nn.init.constant_(self.box[-1].bias, 1.0)  # softplus(1) ~ 1.3 strides at start
        self.stride = stride

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        return self.box(x), self.cls(x)


class ParcelDet(nn.Module):
    """Backbone + PAN neck + three heads. ``width`` scales every channel count."""

    def __init__(self, num_classes: int, width: float = 1.0) -> None:
        super().__init__()

        def ch(c: int) -> int:
            return max(8, round(c * width / 8) * 8)

        c1, c2, c3, c4, c5, cn = ch(16), ch(32), ch(64), ch(96), ch(128), ch(64)
        self.num_classes = num_classes
        self.width = width
        self.stem = Conv(3, c1, 3, 2)
        self.s2 = nn.Sequential(Conv(c1, c2, 3, 2), CSP(c2, c2, 1))
        self.s3 = nn.Sequential(Conv(c2, c3, 3, 2), CSP(c3, c3, 2))
        self.s4 = nn.Sequential(Conv(c3, c4, 3, 2), CSP(c4, c4, 2))
        self.s5 = nn.Sequential(Conv(c4, c5, 3, 2), CSP(c5, c5, 1), SPPF(c5))
        self.lat5 = Conv(c5, cn, 1)
        self.td4 = CSP(cn + c4, cn, 1, shortcut=False)
        self.td3 = CSP(cn + c3, cn, 1, shortcut=False)
        self.down3 = Conv(cn, cn, 3, 2)
        self.bu4 = CSP(cn * 2, cn, 1, shortcut=False)
        self.down4 = Conv(cn, cn, 3, 2)
        self.bu5 = CSP(cn * 2, cn, 1, shortcut=False)
        self.heads = nn.ModuleList(Head(cn, num_classes, s) for s in STRIDES)

    def features(self, x: torch.Tensor) -> list[torch.Tensor]:
        p3 = self.s3(self.s2(self.stem(x)))
        p4 = self.s4(p3)
        p5 = self.lat5(self.s5(p4))
        n4 = self.td4(torch.cat((F.interpolate(p5, scale_factor=2.0, mode="nearest"), p4), 1))
        o3 = self.td3(torch.cat((F.interpolate(n4, scale_factor=2.0, mode="nearest"), p3), 1))
        o4 = self.bu4(torch.cat((self.down3(o3), n4), 1))
        o5 = self.bu5(torch.cat((self.down4(o4), p5), 1))
        return [o3, o4, o5]

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """Training output: box distances [B, N, 4] (pixels), class logits [B, N, C], anchors."""
        boxes, logits, anchors = [], [], []
        for feat, head in zip(self.features(x), self.heads, strict=True):
            b, c = head(feat)
            h, w = feat.shape[-2:]
            boxes.append(F.softplus(b).flatten(2) * head.stride)
            logits.append(c.flatten(2))
            anchors.append(make_anchors(h, w, head.stride, feat))
        dist = torch.cat(boxes, 2).transpose(1, 2)
        return dist, torch.cat(logits, 2).transpose(1, 2), torch.cat(anchors, 0)


def make_anchors(h: int, w: int, stride: int, like: torch.Tensor) -> torch.Tensor:
    """Cell centres [h*w, 3] as (x, y, stride) in input pixels, row-major like ``flatten``."""
    ys = (torch.arange(h, dtype=like.dtype, device=like.device) + 0.5) * stride
    xs = (torch.arange(w, dtype=like.dtype, device=like.device) + 0.5) * stride
    gy, gx = torch.meshgrid(ys, xs, indexing="ij")
    st = torch.full_like(gx, float(stride))
    return torch.stack((gx, gy, st), -1).reshape(-1, 3)


def dist_to_xyxy(dist: torch.Tensor, anchors: torch.Tensor) -> torch.Tensor:
    """(l, t, r, b) distances around anchor centres -> (x1, y1, x2, y2)."""
    c = anchors[..., :2]
    return torch.cat((c - dist[..., :2], c + dist[..., 2:]), -1)


class ExportWrapper(nn.Module):
    """Inference graph in the app's yolov8 layout: [B, 4 + C, N], cxcywh pixels + sigmoid scores."""

    def __init__(self, model: ParcelDet) -> None:
        super().__init__()
        self.model = model

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        dist, logits, anchors = self.model(images)
        xyxy = dist_to_xyxy(dist, anchors)
        cxcy = (xyxy[..., :2] + xyxy[..., 2:]) * 0.5
        wh = xyxy[..., 2:] - xyxy[..., :2]
        out = torch.cat((cxcy, wh, logits.sigmoid()), -1)
        return out.transpose(1, 2)


def count_params(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())
