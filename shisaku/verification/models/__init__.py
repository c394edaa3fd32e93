from .committee import Committee, Member, Membership
from .meeting import Meeting
from .opinion import ArticleMainOpinion, FollowUp, Opinion, Response

__all__ = ["ArticleMainOpinion", "Committee", "FollowUp", "Meeting", "Member", "Membership",
           "Opinion", "Response"]
