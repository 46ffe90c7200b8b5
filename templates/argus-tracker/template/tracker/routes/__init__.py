"""The tracker's pages: releases and runs (pages), comments and reactions, notifications."""
