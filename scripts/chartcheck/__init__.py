"""The pieces of scripts/chart-check: cluster access, rendering, images, the kubelet stand-in."""
