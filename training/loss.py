"""Task-aligned assignment + BCE / GIoU losses for ``ParcelDet``.

Each ground-truth box picks the top-k anchors (among those whose centre lies inside the box or
within 2.5 strides of its centre) ranked by score**alpha * IoU**beta. The class target of a chosen
anchor is that alignment, normalised so the best anchor of each box gets the box's best IoU:
well-localised anchors learn high scores, which is what NMS and thresholds want.
"""

from __future__ import annotations

import torch
from torch.nn import functional as F

from training.model import dist_to_xyxy


def box_iou_pairwise(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """IoU of a[..., 4] and b[..., 4] element-wise (xyxy)."""
    lt = torch.maximum(a[..., :2], b[..., :2])
    rb = torch.minimum(a[..., 2:], b[..., 2:])
    inter = (rb - lt).clamp(min=0).prod(-1)
    area_a = (a[..., 2:] - a[..., :2]).clamp(min=0).prod(-1)
    area_b = (b[..., 2:] - b[..., :2]).clamp(min=0).prod(-1)
    return inter / (area_a + area_b - inter + 1e-7)


def giou_loss(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """1 - GIoU, element-wise."""
    lt = torch.maximum(a[..., :2], b[..., :2])
    rb = torch.minimum(a[..., 2:], b[..., 2:])
    inter = (rb - lt).clamp(min=0).prod(-1)
    area_a = (a[..., 2:] - a[..., :2]).clamp(min=0).prod(-1)
    area_b = (b[..., 2:] - b[..., :2]).clamp(min=0).prod(-1)
    union = area_a + area_b - inter + 1e-7
    iou = inter / union
    enc = torch.maximum(a[..., 2:], b[..., 2:]) - torch.minimum(a[..., :2], b[..., :2])
    enc_area = enc.clamp(min=0).prod(-1) + 1e-7
    return 1.0 - (iou - (enc_area - union) / enc_area)


@torch.no_grad()
def assign(
    scores: torch.Tensor,
    boxes: torch.Tensor,
    anchors: torch.Tensor,
    gt_boxes: torch.Tensor,
    gt_labels: torch.Tensor,
    gt_mask: torch.Tensor,
    topk: int = 10,
    alpha: float = 1.0,
    beta: float = 6.0,
    radius: float = 2.5,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Return (target_scores [B,N,C], target_boxes [B,N,4], fg [B,N] bool).

    scores [B,N,C] sigmoid, boxes [B,N,4] xyxy, anchors [N,3], gt_boxes [B,M,4], gt_labels [B,M]
    long, gt_mask [B,M] bool (padding rows False).
    """
    bsz, n, c = scores.shape
    m = gt_boxes.shape[1]
    if m == 0:
        return (
            scores.new_zeros(bsz, n, c),
            boxes.new_zeros(bsz, n, 4),
            scores.new_zeros(bsz, n, dtype=torch.bool),
        )
    ctr = anchors[:, :2]  # [N,2]
    stride = anchors[:, 2]  # [N]
    g = gt_boxes[:, :, None, :]  # [B,M,1,4]
    inside = (
        (ctr[None, None, :, 0] > g[..., 0])
        & (ctr[None, None, :, 0] < g[..., 2])
        & (ctr[None, None, :, 1] > g[..., 1])
        & (ctr[None, None, :, 1] < g[..., 3])
    )
    gc = (g[..., :2] + g[..., 2:]) * 0.5  # [B,M,1,2]
    near = ((ctr[None, None] - gc).abs() < radius * stride[None, None, :, None]).all(-1)
    cand = (inside | near) & gt_mask[:, :, None]  # [B,M,N]

    lab = gt_labels.clamp(min=0)
    cls_score = scores.gather(2, lab[:, None, :].expand(bsz, n, m)).transpose(1, 2)  # [B,M,N]
    ious = box_iou_pairwise(boxes[:, None, :, :], gt_boxes[:, :, None, :])  # [B,M,N]
    ious = ious * cand
    metric = cls_score.pow(alpha) * ious.pow(beta) * cand
    k = min(topk, n)
    top = metric.topk(k, dim=2).indices  # [B,M,k]
    sel = torch.zeros_like(cand)
    sel.scatter_(2, top, True)
    sel &= cand
    # An anchor claimed by several boxes goes to the box it overlaps most.
    count = sel.sum(1)  # [B,N]
    if (count > 1).any():
        best = ious.masked_fill(~cand, -1).argmax(1)  # [B,N]
        one = F.one_hot(best, m).transpose(1, 2).bool()
        sel = torch.where((count > 1)[:, None, :], one & cand, sel)
    fg = sel.any(1)  # [B,N]
    gt_idx = sel.float().argmax(1)  # [B,N]
    tgt_boxes = gt_boxes.gather(1, gt_idx[..., None].expand(bsz, n, 4))
    tgt_labels = lab.gather(1, gt_idx)

    metric = metric * sel
    max_metric = metric.amax(2, keepdim=True)
    max_iou = (ious * sel).amax(2, keepdim=True)
    norm = (metric * max_iou / (max_metric + 1e-9)).amax(1)  # [B,N]
    tgt_scores = F.one_hot(tgt_labels, c).float() * (norm * fg)[..., None]
    return tgt_scores, tgt_boxes, fg


class DetectionLoss:
    """Weighted sum of classification BCE and GIoU box loss, normalised by target mass."""

    def __init__(self, box_weight: float = 5.0, cls_weight: float = 1.0) -> None:
        self.box_weight = box_weight
        self.cls_weight = cls_weight

    def __call__(
        self,
        dist: torch.Tensor,
        logits: torch.Tensor,
        anchors: torch.Tensor,
        gt_boxes: torch.Tensor,
        gt_labels: torch.Tensor,
        gt_mask: torch.Tensor,
    ) -> tuple[torch.Tensor, dict[str, float]]:
        boxes = dist_to_xyxy(dist, anchors[None])
        tgt_scores, tgt_boxes, fg = assign(
            logits.detach().sigmoid(), boxes.detach(), anchors, gt_boxes, gt_labels, gt_mask
        )
        norm = tgt_scores.sum().clamp(min=1.0)
        loss_cls = F.binary_cross_entropy_with_logits(logits, tgt_scores, reduction="sum") / norm
        if fg.any():
            weight = tgt_scores.sum(-1)[fg]
            loss_box = (giou_loss(boxes[fg], tgt_boxes[fg]) * weight).sum() / norm
        else:
            loss_box = dist.sum() * 0.0
        total = self.cls_weight * loss_cls + self.box_weight * loss_box
        return total, {"cls": float(loss_cls.detach()), "box": float(loss_box.detach())}
